package dev.smfs.mirror.testing;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketType;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pipeline hook for the primary's transport endpoint: while armed, outgoing REPAIR datagrams are
 * held (their write promise stays pending, so the sender does not count them as handed to the
 * socket), incoming ACKs are dropped and incoming DATA is held (so neither the mirror's ACK nor its
 * DURABLE can stand in for coverage). {@link #release} forwards everything held, in order, and
 * disarms.
 *
 * <p>Thread-safety: the handler runs on the event loop; {@link #arm}, {@link #release} and {@link
 * #awaitHeldRepairs} may be called from any thread. Held messages are owned by this class until
 * released (then by the pipeline).
 */
public final class LinkHold implements Consumer<ChannelPipeline> {
  private final Object lock = new Object();
  private boolean armed; // guarded by lock
  private int heldRepairs; // guarded by lock
  private final List<Runnable> held = new ArrayList<>(); // guarded by lock
  private ChannelHandlerContext ctx;

  @Override
  public void accept(ChannelPipeline pipeline) {
    pipeline.addLast("link-hold", new Handler());
  }

  public void arm() {
    synchronized (lock) {
      armed = true;
    }
  }

  /** Waits until at least {@code n} REPAIR packets are held; false on timeout. */
  public boolean awaitHeldRepairs(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (heldRepairs < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Disarms and forwards everything held, in order, on the event loop. */
  public void release() {
    List<Runnable> l;
    ChannelHandlerContext c;
    synchronized (lock) {
      armed = false;
      l = new ArrayList<>(held);
      held.clear();
      c = ctx;
    }
    if (c != null) {
      c.executor().execute(() -> l.forEach(Runnable::run));
    }
  }

  private static int type(DatagramPacket p) {
    return p.content().getUnsignedByte(p.content().readerIndex() + PacketCodec.OFFSET_TYPE);
  }

  private final class Handler extends ChannelDuplexHandler {
    @Override
    public void handlerAdded(ChannelHandlerContext c) {
      synchronized (lock) {
        ctx = c;
      }
    }

    @Override
    public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
      if (msg instanceof DatagramPacket p && type(p) == PacketType.REPAIR.code()) {
        synchronized (lock) {
          if (armed) {
            heldRepairs++;
            held.add(() -> c.writeAndFlush(p, promise));
            lock.notifyAll();
            return;
          }
        }
      }
      c.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof DatagramPacket p) {
        int t = type(p);
        synchronized (lock) {
          if (armed && t == PacketType.ACK.code()) {
            p.release();
            return;
          }
          if (armed && t == PacketType.DATA.code()) {
            held.add(() -> c.fireChannelRead(p));
            return;
          }
        }
      }
      c.fireChannelRead(msg);
    }
  }
}
