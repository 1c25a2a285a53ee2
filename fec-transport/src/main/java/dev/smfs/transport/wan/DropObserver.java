package dev.smfs.transport.wan;

import java.nio.ByteBuffer;

/**
 * Told about every packet the emulated link drops (by the loss models or the queue limit), so a
 * benchmark or test can classify the losses by packet type. Set with {@link
 * WanEmulator#setDropObserver}.
 *
 * <p>Called on the direction's relay thread: must be fast, must not block and must not keep the
 * buffer (a read-only view over the whole datagram, valid only during the call).
 */
@FunctionalInterface
public interface DropObserver {
  /** Why the link dropped a packet. */
  enum Cause {
    /** The Bernoulli or Gilbert-Elliott loss model. */
    LOSS,
    /** The queue limit (tail drop). */
    QUEUE
  }

  void dropped(ByteBuffer packet, Cause cause);
}
