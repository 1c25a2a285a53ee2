package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealedFrameCodecTest {
  static final byte[] KEY_BYTES = new byte[32];
  static final byte[] OTHER_KEY_BYTES = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY_BYTES[i] = (byte) i;
      OTHER_KEY_BYTES[i] = (byte) (0x80 + i);
    }
  }

  static final KeyRing RING = new KeyRing(List.of(KeyRing.Key.of(7, KEY_BYTES)));
  private final SealedFrameCodec codec = new SealedFrameCodec();
  private final UnpooledByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;

  private ByteBuf seal(KeyRing ring, int prefix, long counter, byte[] plain) {
    ByteBuf in = Unpooled.wrappedBuffer(plain);
    try {
      return codec.seal(alloc, ring.sending(), prefix, counter, in);
    } finally {
      in.release();
    }
  }

  private static byte[] bytes(ByteBuf b) {
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  @Test
  void goldenVectorPinsLayoutAndCiphertext() {
    byte[] sealed =
        bytes(seal(RING, 0x01020304, 5, "smfs packet".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        "5345" // magic "SE"
            + "01" // version
            + "07" // key id
            + "01020304" // nonce prefix
            + "0000000000000005" // nonce counter
            + "811ff119048d77bdbf086d" // ciphertext of "smfs packet" (11 bytes)
            + "039e12205ae398ba2a7a25d021b72ceb", // tag (cross-checked with Python cryptography
        // AESGCM)
        HexFormat.of().formatHex(sealed));
  }

  @Test
  void openReturnsThePlaintextSealed() throws Exception {
    byte[] plain = new byte[1400];
    new Random(1).nextBytes(plain);
    ByteBuf sealed = seal(RING, 9, 123, plain);
    try {
      assertEquals(plain.length + SealedFrameCodec.OVERHEAD, sealed.readableBytes());
      assertArrayEquals(plain, bytes(codec.open(alloc, RING, sealed)));
    } finally {
      sealed.release();
    }
  }

  @Test
  void emptyPlaintextRoundTrips() throws Exception {
    ByteBuf sealed = seal(RING, 9, 1, new byte[0]);
    try {
      assertEquals(0, bytes(codec.open(alloc, RING, sealed)).length);
    } finally {
      sealed.release();
    }
  }

  @Test
  void everyFlippedBitFailsAuthentication() {
    byte[] sealed = bytes(seal(RING, 3, 4, "payload bytes".getBytes(StandardCharsets.US_ASCII)));
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x10;
      ByteBuf b = Unpooled.wrappedBuffer(tampered);
      AuthenticationException e =
          assertThrows(AuthenticationException.class, () -> codec.open(alloc, RING, b), "at=" + i);
      if (i >= SealedFrameCodec.OFFSET_NONCE) {
        assertEquals(AuthenticationException.Reason.BAD_TAG, e.reason(), "at=" + i);
      }
      b.release();
    }
  }

  @Test
  void frameUnderAnotherKeyWithSameIdFailsTag() {
    KeyRing other = new KeyRing(List.of(KeyRing.Key.of(7, OTHER_KEY_BYTES)));
    ByteBuf sealed = seal(other, 3, 4, new byte[100]);
    try {
      AuthenticationException e =
          assertThrows(AuthenticationException.class, () -> codec.open(alloc, RING, sealed));
      assertEquals(AuthenticationException.Reason.BAD_TAG, e.reason());
    } finally {
      sealed.release();
    }
  }

  @Test
  void unknownKeyIdIsRejectedBeforeDecryption() {
    KeyRing other = new KeyRing(List.of(KeyRing.Key.of(8, KEY_BYTES)));
    ByteBuf sealed = seal(other, 3, 4, new byte[100]);
    try {
      AuthenticationException e =
          assertThrows(AuthenticationException.class, () -> codec.open(alloc, RING, sealed));
      assertEquals(AuthenticationException.Reason.UNKNOWN_KEY, e.reason());
    } finally {
      sealed.release();
    }
  }

  @Test
  void shortDatagramIsTruncated() {
    ByteBuf b = Unpooled.wrappedBuffer(new byte[SealedFrameCodec.OVERHEAD - 1]);
    AuthenticationException e =
        assertThrows(AuthenticationException.class, () -> SealedFrameCodec.header(b));
    assertEquals(AuthenticationException.Reason.TRUNCATED, e.reason());
    b.release();
  }

  @Test
  void plaintextPacketHasBadMagic() {
    byte[] plainPacket = new byte[40];
    plainPacket[0] = 0x53;
    plainPacket[1] = 0x4d;
    ByteBuf b = Unpooled.wrappedBuffer(plainPacket);
    AuthenticationException e =
        assertThrows(AuthenticationException.class, () -> SealedFrameCodec.header(b));
    assertEquals(AuthenticationException.Reason.BAD_MAGIC, e.reason());
    b.release();
  }

  @Test
  void unknownVersionIsRejected() {
    byte[] sealed = bytes(seal(RING, 3, 4, new byte[10]));
    sealed[SealedFrameCodec.OFFSET_VERSION] = 2;
    ByteBuf b = Unpooled.wrappedBuffer(sealed);
    AuthenticationException e =
        assertThrows(AuthenticationException.class, () -> SealedFrameCodec.header(b));
    assertEquals(AuthenticationException.Reason.BAD_VERSION, e.reason());
    b.release();
  }

  @Test
  void headerReportsKeyIdAndNonce() throws Exception {
    ByteBuf sealed = seal(RING, 0xfffffffe, Long.MAX_VALUE - 1, new byte[1]);
    try {
      assertEquals(
          new SealedFrameCodec.Header(7, 0xfffffffe, Long.MAX_VALUE - 1),
          SealedFrameCodec.header(sealed));
    } finally {
      sealed.release();
    }
  }
}
