package dev.smfs.transport.session;

import java.util.concurrent.CompletableFuture;

/**
 * How far the sender's DATA stream has progressed. Every watermark is "the highest sequence number
 * {@code w} such that every sequence number {@code <= w} reached the stage"; before anything
 * reached it the watermark is {@code initialSeq - 1} (so -1 for a fresh session). Watermarks only
 * grow. A packet acknowledged by the receiver counts as on the wire and covered, whatever the
 * socket reported.
 *
 * <p>Thread-safety: the getters may be called from any thread; {@link #await} too.
 */
public interface SendProgress {

  /** Progress stages a caller can wait for. */
  enum Stage {
    /** Handed to the socket: the write of the DATA packet completed successfully. */
    WIRE,
    /** On the wire and covered by at least {@code k} REPAIR packets handed to the socket. */
    COVERED,
    /** Cumulatively acknowledged by the receiver (received or FEC-recovered there). */
    ACKED
  }

  /** Highest seq with every seq {@code <=} it handed to the socket. */
  long wire();

  /**
   * Highest seq with every seq {@code <=} it on the wire and covered by at least {@code k} repairs
   * handed to the socket.
   *
   * @param k 1..c
   */
  long covered(int k);

  /** Highest seq with every seq {@code <=} it acknowledged by the receiver. */
  long acked();

  /**
   * Completes when the stage's watermark reaches {@code seq}: at once if it already has, otherwise
   * on the session's event loop. Callers must not block in dependent stages run on that thread (use
   * the {@code *Async} variants or hand off); blocking there stalls the whole session. Fails with
   * {@link SessionClosedException} if the session ends first.
   *
   * @param k for {@link Stage#COVERED} the number of repairs, 1..c; ignored for other stages
   */
  CompletableFuture<Void> await(Stage stage, int k, long seq);
}
