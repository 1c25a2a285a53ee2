package dev.smfs.transport.crypto;

import dev.smfs.transport.session.SegmentingHook;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Thin channel handler around {@link SealedFrameCodec}, placed between the socket and the packet
 * codec handler (so it sees raw datagrams both ways).
 *
 * <p>Inbound: a {@link DatagramPacket} is checked against the replay window, opened, marked seen,
 * and passed on as a new {@link DatagramPacket} holding the plaintext (the next handler owns it).
 * The incoming datagram is always released here; one that fails is counted and goes no further.
 * Outbound: a {@link DatagramPacket} is sealed with the ring's sending key and the next nonce, its
 * original released, and the sealed datagram written. A {@link SegmentedDatagramPacket} (UDP GSO:
 * several datagrams the kernel splits at {@code segmentSize}) is sealed segment by segment, each
 * with its own nonce, into a segmented packet of {@code segmentSize + OVERHEAD}; the receiver sees
 * ordinary sealed datagrams.
 *
 * <p>The replay check comes before decryption so a flood of replays costs no AES work; a damaged
 * copy of a frame whose nonce was already seen is therefore counted as a replay, not as an
 * authentication failure. Both are dropped.
 *
 * <p>When added it enlarges the channel's fixed receive buffer by {@link
 * SealedFrameCodec#OVERHEAD}, so sealed frames of the largest packet still fit (the endpoint sizes
 * it for plaintext packets). One instance per channel; all state is confined to its event loop.
 */
final class SealingHandler extends ChannelDuplexHandler implements SegmentingHook {
  private final Supplier<KeyRing> ring;
  private final SecurityMetrics metrics;
  private final SealedFrameCodec codec = new SealedFrameCodec();
  private final ReplayGuard replay = new ReplayGuard();
  private final NonceSequence nonces;

  SealingHandler(Supplier<KeyRing> ring, SecurityMetrics metrics, SecureRandom random) {
    this.ring = Objects.requireNonNull(ring, "ring");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.nonces = NonceSequence.random(random);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ChannelConfig config = ctx.channel().config();
    int plainBytes = config.getRecvByteBufAllocator().newHandle().guess();
    config.setRecvByteBufAllocator(
        new FixedRecvByteBufAllocator(plainBytes + SealedFrameCodec.OVERHEAD));
  }

  @Override
  public int bytesAddedPerDatagram() {
    return SealedFrameCodec.OVERHEAD;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket datagram)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf plain;
    try {
      ByteBuf sealed = datagram.content();
      SealedFrameCodec.Header h = SealedFrameCodec.header(sealed);
      if (!replay.isFresh(h)) {
        metrics.countReplayDropped();
        return;
      }
      plain = codec.open(ctx.alloc(), ring.get(), sealed);
      replay.mark(h);
    } catch (AuthenticationException e) {
      metrics.countAuthFailed();
      return;
    } finally {
      datagram.release();
    }
    ctx.fireChannelRead(new DatagramPacket(plain, datagram.recipient(), datagram.sender()));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof SegmentedDatagramPacket segmented) {
      writeSegmented(ctx, segmented, promise);
      return;
    }
    if (!(msg instanceof DatagramPacket datagram)) {
      ctx.write(msg, promise);
      return;
    }
    ByteBuf sealed;
    try {
      sealed =
          codec.seal(
              ctx.alloc(),
              ring.get().sending(),
              nonces.prefix(),
              nonces.next(),
              datagram.content());
    } catch (RuntimeException e) {
      promise.setFailure(e);
      return;
    } finally {
      datagram.release();
    }
    ctx.write(new DatagramPacket(sealed, datagram.recipient(), datagram.sender()), promise);
  }

  private void writeSegmented(
      ChannelHandlerContext ctx, SegmentedDatagramPacket packet, ChannelPromise promise) {
    ByteBuf content = packet.content();
    int size = packet.segmentSize();
    int segments = Math.max(1, (content.readableBytes() + size - 1) / size);
    CompositeByteBuf sealed = ctx.alloc().compositeDirectBuffer(Math.max(2, segments));
    try {
      KeyRing.Key key = ring.get().sending();
      for (int at = content.readerIndex(); at < content.writerIndex(); at += size) {
        ByteBuf plain = content.slice(at, Math.min(size, content.writerIndex() - at));
        sealed.addComponent(
            true, codec.seal(ctx.alloc(), key, nonces.prefix(), nonces.next(), plain));
      }
    } catch (RuntimeException e) {
      sealed.release();
      promise.setFailure(e);
      return;
    } finally {
      packet.release();
    }
    ctx.write(
        new SegmentedDatagramPacket(
            sealed, size + SealedFrameCodec.OVERHEAD, packet.recipient(), packet.sender()),
        promise);
  }
}
