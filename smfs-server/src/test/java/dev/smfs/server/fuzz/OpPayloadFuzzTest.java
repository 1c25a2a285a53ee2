package dev.smfs.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.smfs.server.store.MalformedPayloadException;
import dev.smfs.server.store.Op;
import dev.smfs.server.store.OpCodec;
import dev.smfs.transport.fuzz.FuzzInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Fuzz target for the decoders of operation-record payloads ({@link OpCodec#decode}), which replay
 * and the mirror run on every record read back from a log.
 *
 * <p>Invariants: decoding returns an op of the record's type or throws {@link
 * MalformedPayloadException} with facts, never another exception; it does not move the payload
 * buffer; data ops view the payload read-only; the format is canonical, so encoding the op gives
 * back the payload byte for byte, and that decodes to an equal op.
 */
class OpPayloadFuzzTest {

  /**
   * Input byte 0: record type (0 and 15 are unknown types); byte 1: buffer shape (heap, direct,
   * heap slice with bytes on both sides, read-only); the rest is the payload.
   */
  @FuzzTest
  void decodePayload(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    int type = in.u8() % 16;
    int shape = in.u8() % 4;
    byte[] payload = in.bytes(in.remaining());
    ByteBuffer buf = shaped(payload, shape);
    int position = buf.position();
    int limit = buf.limit();
    Op op;
    try {
      op = OpCodec.decode(type, buf);
    } catch (MalformedPayloadException e) {
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains("record=") || m.contains("unknown_record_type="), "facts: " + m);
      assertEquals(position, buf.position(), "decode moved the payload position");
      assertEquals(limit, buf.limit(), "decode moved the payload limit");
      return;
    }
    assertEquals(position, buf.position(), "decode moved the payload position");
    assertEquals(limit, buf.limit(), "decode moved the payload limit");
    assertEquals(type, op.type(), "decoded op of another type: " + op);
    if (op instanceof Op.Write w) {
      assertTrue(w.data().isReadOnly(), "WRITE data view is writable");
    } else if (op instanceof Op.CleanerMove m) {
      assertTrue(m.data().isReadOnly(), "CLEANER_MOVE data view is writable");
    }
    byte[] encoded = concat(OpCodec.encode(op));
    assertArrayEquals(payload, encoded, "encode(decode(payload)) differs for " + op);
    assertEquals(op, OpCodec.decode(type, ByteBuffer.wrap(encoded)), "decode(encode(op)) differs");
  }

  private static ByteBuffer shaped(byte[] payload, int shape) {
    switch (shape) {
      case 1:
        return ByteBuffer.allocateDirect(payload.length).put(payload).flip();
      case 2:
        {
          byte[] framed = new byte[payload.length + 5];
          System.arraycopy(payload, 0, framed, 3, payload.length);
          return ByteBuffer.wrap(framed, 3, payload.length);
        }
      case 3:
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
      default:
        return ByteBuffer.wrap(payload);
    }
  }

  private static byte[] concat(ByteBuffer[] parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer p : parts) {
      byte[] b = new byte[p.remaining()];
      p.duplicate().get(b);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }
}
