package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;

/** Where a session's datagrams go: the endpoint's channel, addressed to the peer. */
interface Link {

  /**
   * Queues one datagram (flushed by {@link #flush()}), without completion notice.
   *
   * @param datagram ownership passes to the link
   */
  void write(ByteBuf datagram);

  /**
   * Queues one datagram (flushed by {@link #flush()}). Datagrams go out in the order queued.
   *
   * @param datagram ownership passes to the link
   * @return completes when the socket accepted (or refused) the datagram
   */
  Future<Void> writeTracked(ByteBuf datagram);

  void flush();

  ByteBufAllocator alloc();
}
