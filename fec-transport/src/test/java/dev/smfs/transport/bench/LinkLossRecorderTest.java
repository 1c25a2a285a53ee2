package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.crypto.KeyRing;
import dev.smfs.transport.crypto.SealedFrameCodec;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.wan.DropObserver.Cause;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkLossRecorderTest {
  private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
  private static final PacketCodec CODEC = new PacketCodec(1400);
  private static final long SESSION = 0x1122334455667788L;

  private static KeyRing ring(int id, int fill) {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    java.util.Arrays.fill(key, (byte) fill);
    return new KeyRing(List.of(KeyRing.Key.of(id, key)));
  }

  private static byte[] data(long seq) {
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5});
    ByteBuf encoded = CODEC.encodeData(ALLOC, SESSION, seq, 0, payload);
    try {
      byte[] out = new byte[encoded.readableBytes()];
      encoded.readBytes(out);
      return out;
    } finally {
      payload.release();
      encoded.release();
    }
  }

  private static byte[] ack(long cumulative) {
    ByteBuf encoded = CODEC.encode(ALLOC, new AckPacket(SESSION, cumulative, List.of()));
    try {
      byte[] out = new byte[encoded.readableBytes()];
      encoded.readBytes(out);
      return out;
    } finally {
      encoded.release();
    }
  }

  private static byte[] seal(KeyRing ring, long counter, byte[] plain) {
    ByteBuf in = Unpooled.wrappedBuffer(plain);
    ByteBuf sealed = new SealedFrameCodec().seal(ALLOC, ring.sending(), 9, counter, in);
    try {
      byte[] out = new byte[sealed.readableBytes()];
      sealed.readBytes(out);
      return out;
    } finally {
      in.release();
      sealed.release();
    }
  }

  private static void drop(LinkLossRecorder recorder, byte[] datagram) {
    recorder.dropped(ByteBuffer.wrap(datagram).asReadOnlyBuffer(), Cause.LOSS);
  }

  private static BitSet bits(int... indexes) {
    BitSet out = new BitSet();
    for (int i : indexes) {
      out.set(i);
    }
    return out;
  }

  @Test
  void clearDataDropsAreRecordedBySeq() {
    LinkLossRecorder recorder = new LinkLossRecorder(TransportSecurity.insecure());
    drop(recorder, data(100));
    drop(recorder, data(103));
    recorder.setFirstSeq(100);
    assertEquals(2, recorder.lostData());
    assertEquals(bits(0, 3), recorder.lostSeqs());
  }

  @Test
  void sealedDataDropsAreRecordedBySeq() {
    KeyRing ring = ring(3, 0x42);
    LinkLossRecorder recorder = new LinkLossRecorder(TransportSecurity.of(ring));
    drop(recorder, seal(ring, 1, data(100)));
    drop(recorder, seal(ring, 2, data(103)));
    recorder.setFirstSeq(100);
    assertEquals(2, recorder.lostData());
    assertEquals(bits(0, 3), recorder.lostSeqs());
  }

  @Test
  void sealedDropsOfOtherTypesAreNotData() {
    KeyRing ring = ring(3, 0x42);
    LinkLossRecorder recorder = new LinkLossRecorder(TransportSecurity.of(ring));
    drop(recorder, seal(ring, 1, ack(100)));
    assertEquals(0, recorder.lostData());
  }

  @Test
  void sealedDropThatDoesNotOpenIsNotCounted() {
    LinkLossRecorder recorder = new LinkLossRecorder(TransportSecurity.of(ring(3, 0x42)));
    drop(recorder, seal(ring(3, 0x43), 1, data(100)));
    byte[] forged = seal(ring(3, 0x42), 2, data(101));
    forged[forged.length - 1] ^= 1;
    drop(recorder, forged);
    drop(recorder, new byte[] {1, 2, 3});
    assertEquals(0, recorder.lostData());
  }

  @Test
  void clearDatagramIsNotDataUnderAKey() {
    LinkLossRecorder recorder = new LinkLossRecorder(TransportSecurity.of(ring(3, 0x42)));
    drop(recorder, data(100));
    assertEquals(0, recorder.lostData());
  }
}
