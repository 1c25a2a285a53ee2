package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  private static byte[] payload(Random rnd, int len) {
    byte[] b = new byte[len];
    rnd.nextBytes(b);
    return b;
  }

  @Test
  void reassemblesFramesSplitAtEveryChunkSize() {
    Random rnd = new Random(42);
    List<byte[]> payloads = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 20; i++) {
      byte[] p = payload(rnd, i % 5 == 0 ? 0 : rnd.nextInt(300));
      payloads.add(p);
      stream.writeBytes(ReplicationCodec.encodeFrame(i + 1, 9, ByteBuffer.wrap(p)));
    }
    byte[] all = stream.toByteArray();
    for (int chunk : new int[] {1, 7, 18, 19, 100, all.length}) {
      FrameReader reader = new FrameReader(1 << 20);
      List<Frame> out = new ArrayList<>();
      for (int off = 0; off < all.length; off += chunk) {
        reader.feed(ByteBuffer.wrap(all, off, Math.min(chunk, all.length - off)), out::add);
      }
      assertEquals(payloads.size(), out.size(), "chunk=" + chunk);
      for (int i = 0; i < out.size(); i++) {
        assertEquals(i + 1, out.get(i).lsn());
        byte[] got = new byte[out.get(i).payload().remaining()];
        out.get(i).payload().duplicate().get(got);
        assertArrayEquals(payloads.get(i), got);
      }
      assertTrue(reader.atBoundary());
    }
  }

  @Test
  void rejectsCorruptPayload() {
    byte[] frame = ReplicationCodec.encodeFrame(1, 9, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    frame[frame.length - 1] ^= 1;
    FrameReader reader = new FrameReader(1 << 20);
    MalformedReplicationException e =
        assertThrows(
            MalformedReplicationException.class,
            () -> reader.feed(ByteBuffer.wrap(frame), f -> {}));
    assertTrue(e.getMessage().contains("lsn=1"), e.getMessage());
  }

  @Test
  void rejectsOversizedLength() {
    byte[] frame = ReplicationCodec.encodeFrame(1, 9, ByteBuffer.wrap(new byte[100]));
    FrameReader reader = new FrameReader(99);
    assertThrows(
        MalformedReplicationException.class, () -> reader.feed(ByteBuffer.wrap(frame), f -> {}));
  }
}
