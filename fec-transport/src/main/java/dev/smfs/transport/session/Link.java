package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;

/** Where a session's datagrams go: the endpoint's channel, addressed to the peer. */
interface Link {

  /**
   * Queues one datagram (flushed by {@link #flush()}). Datagrams go out in the order queued.
   *
   * @param datagram ownership passes to the link
   * @return completes when the socket accepted (or refused) the datagram
   */
  Future<Void> writeTracked(ByteBuf datagram);

  /**
   * Bytes the pipeline adds to every datagram before the socket (sealing), which a segmented
   * write's size limit must count.
   */
  default int segmentOverheadBytes() {
    return 0;
  }

  /**
   * Most datagrams one {@link #writeSegmented} may carry: up to {@link SegmentGroups#MAX_SEGMENTS}
   * where the socket segments (UDP GSO), 1 where it cannot (then {@code writeSegmented} is never
   * called). May drop to 1 during the session (the socket refused a segmented write).
   */
  default int maxSegments() {
    return 1;
  }

  /**
   * Queues datagrams of equal size as one segmented write (flushed by {@link #flush()}): the socket
   * sends them as separate datagrams, in order, after one pass through the kernel's stack.
   *
   * @param datagrams at least two, all of the same size; ownership of each passes to the link
   * @return completes when the socket accepted (or refused) all of them
   */
  default Future<Void> writeSegmented(java.util.List<ByteBuf> datagrams) {
    throw new UnsupportedOperationException("link cannot segment");
  }

  void flush();

  ByteBufAllocator alloc();
}
