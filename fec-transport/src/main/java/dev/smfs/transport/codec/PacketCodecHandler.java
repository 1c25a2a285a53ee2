package dev.smfs.transport.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Thin channel handler around {@link PacketCodec}.
 *
 * <p>Inbound: a {@link DatagramPacket} becomes an {@link AddressedPacket} (the next handler owns
 * it); the datagram is always released here. A malformed datagram is reported to the {@link
 * MalformedListener} and dropped. Outbound: an {@link AddressedPacket} is encoded into a {@link
 * DatagramPacket} and its packet released; anything else passes through untouched.
 *
 * <p>Not sharable only because it is cheap to create one per channel; it holds no mutable state.
 */
public final class PacketCodecHandler extends ChannelDuplexHandler {

  /** Told about each dropped datagram, on the channel's event loop. */
  public interface MalformedListener {
    void onMalformed(InetSocketAddress sender, MalformedPacketException error);
  }

  private final PacketCodec codec;
  private final MalformedListener malformed;

  public PacketCodecHandler(PacketCodec codec, MalformedListener malformed) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.malformed = Objects.requireNonNull(malformed, "malformed");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket datagram)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Packet packet;
    try {
      packet = codec.decode(datagram.content());
    } catch (MalformedPacketException e) {
      malformed.onMalformed(datagram.sender(), e);
      return;
    } finally {
      datagram.release();
    }
    ctx.fireChannelRead(new AddressedPacket(packet, datagram.sender()));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof AddressedPacket out)) {
      ctx.write(msg, promise);
      return;
    }
    ByteBuf bytes;
    try {
      bytes = codec.encode(ctx.alloc(), out.packet());
    } catch (RuntimeException e) {
      promise.setFailure(e);
      return;
    } finally {
      out.packet().release();
    }
    ctx.write(new DatagramPacket(bytes, out.peer()), promise);
  }
}
