package dev.smfs.transport.session;

import dev.smfs.transport.codec.MalformedReason;
import dev.smfs.transport.fec.RepairRecipe;

/**
 * Per-packet events of a session, for tests and metrics. Called on the session's event loop: keep
 * implementations fast and non-blocking. Every method has an empty default.
 */
public interface PacketEventListener {
  PacketEventListener NONE = new PacketEventListener() {};

  /** DATA {@code seq} was handed to the socket for the first time. */
  default void onDataWired(long seq) {}

  /** A REPAIR covering {@code recipe} was handed to the socket. */
  default void onRepairWired(RepairRecipe recipe) {}

  /** DATA {@code seq} was retransmitted after a NAK or a tail-loss probe. */
  default void onRetransmit(long seq) {}

  /** An ACK arrived; {@code cumulative} may not have advanced. */
  default void onAckReceived(long cumulative, int nakRanges) {}

  /** DATA {@code seq} arrived from the peer (possibly a duplicate). */
  default void onDataReceived(long seq) {}

  /** DATA {@code seq} was rebuilt by FEC. */
  default void onRecovered(long seq) {}

  /** This side NAKed {@code [from, to)}. */
  default void onNakSent(long from, long to) {}

  /** A datagram was dropped as malformed. */
  default void onMalformed(MalformedReason reason) {}
}
