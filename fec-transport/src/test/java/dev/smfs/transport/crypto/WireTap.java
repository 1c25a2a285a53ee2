package dev.smfs.transport.crypto;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * First handler of an endpoint's pipeline (socket side): keeps copies of the first datagrams from
 * its peer, injects datagrams as if they came from any address (an attacker able to spoof), and
 * signals when each datagram from the watched attacker address or injected here has been handled by
 * the rest of the pipeline (handlers run synchronously on the event loop, so "fired" = "done").
 */
final class WireTap extends ChannelInboundHandlerAdapter {
  private final int keep;
  private final List<byte[]> captured = new ArrayList<>();
  private final Semaphore handled = new Semaphore(0);
  private volatile InetSocketAddress watched;
  private volatile ChannelHandlerContext ctx;

  WireTap(int keep) {
    this.keep = keep;
  }

  void watch(InetSocketAddress attacker) {
    watched = attacker;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket d)) {
      ctx.fireChannelRead(msg);
      return;
    }
    boolean fromAttacker = d.sender().equals(watched);
    if (!fromAttacker) {
      synchronized (captured) {
        if (captured.size() < keep) {
          captured.add(ByteBufUtil.getBytes(d.content()));
        }
      }
    }
    ctx.fireChannelRead(msg);
    if (fromAttacker) {
      handled.release();
    }
  }

  /** Copies of the first datagrams heard from the peer, as they were on the wire. */
  List<byte[]> captured() {
    synchronized (captured) {
      return List.copyOf(captured);
    }
  }

  /** Delivers {@code bytes} into the pipeline as a datagram from {@code from}. */
  void inject(byte[] bytes, InetSocketAddress from) {
    ChannelHandlerContext c = ctx;
    c.executor()
        .execute(
            () -> {
              InetSocketAddress local = (InetSocketAddress) c.channel().localAddress();
              c.fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(bytes), local, from));
              handled.release();
            });
  }

  /** Waits until {@code n} more attacker or injected datagrams have been handled. */
  void awaitHandled(int n) throws InterruptedException {
    if (!handled.tryAcquire(n, 30, TimeUnit.SECONDS)) {
      throw new AssertionError("attack datagrams not handled in time: expected=" + n);
    }
  }
}
