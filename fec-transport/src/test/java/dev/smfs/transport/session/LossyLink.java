package dev.smfs.transport.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Test link: drops inbound datagrams with a seeded random, or all of them while {@code blackout}
 * says so. Added through {@link TransportOptions#pipelineHook()} before the codec.
 */
final class LossyLink extends ChannelInboundHandlerAdapter {
  private final Random random;
  private final double lossProbability;
  private final BooleanSupplier blackout;
  final AtomicLong dropped = new AtomicLong();

  LossyLink(long seed, double lossProbability, BooleanSupplier blackout) {
    this.random = new Random(seed);
    this.lossProbability = lossProbability;
    this.blackout = blackout;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket d
        && (blackout.getAsBoolean() || random.nextDouble() < lossProbability)) {
      d.release();
      dropped.incrementAndGet();
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
