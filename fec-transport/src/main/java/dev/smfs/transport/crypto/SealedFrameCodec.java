package dev.smfs.transport.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The sealed frame: one encoded transport packet encrypted and authenticated with AES-256-GCM
 * (128-bit tag). All integers big-endian.
 *
 * <pre>
 *  0      2     3      4                 8                         16            16+n     32+n
 *  +------+-----+------+-----------------+-------------------------+---------------+--------+
 *  |magic |ver  |key id| nonce: prefix   | nonce: counter          | ciphertext    | tag    |
 *  |"SE"  |u8=1 |u8    | u32             | u64                     | n bytes       | 16 B   |
 *  +------+-----+------+-----------------+-------------------------+---------------+--------+
 *  |<------------------- associated data (authenticated, not encrypted) ---------->|
 * </pre>
 *
 * The header (bytes 0..16) is the GCM associated data, so key id and nonce cannot be altered
 * without failing the tag. The plaintext is the whole datagram the packet codec produced.
 *
 * <p>Not thread-safe: it keeps one {@link Cipher} per direction; use one codec per event loop.
 */
public final class SealedFrameCodec {
  public static final int MAGIC = 0x5345;
  public static final byte VERSION = 1;
  public static final int OFFSET_MAGIC = 0;
  public static final int OFFSET_VERSION = OFFSET_MAGIC + 2;
  public static final int OFFSET_KEY_ID = OFFSET_VERSION + 1;
  public static final int OFFSET_NONCE = OFFSET_KEY_ID + 1;
  public static final int OFFSET_NONCE_COUNTER = OFFSET_NONCE + 4;
  public static final int NONCE_BYTES = 12;
  public static final int OFFSET_CIPHERTEXT = OFFSET_NONCE + NONCE_BYTES;
  public static final int HEADER_BYTES = OFFSET_CIPHERTEXT;
  public static final int TAG_BYTES = 16;

  /** Bytes a sealed frame adds to its plaintext. */
  public static final int OVERHEAD = HEADER_BYTES + TAG_BYTES;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** The authenticated header fields of a sealed frame, read before decryption. */
  public record Header(int keyId, int noncePrefix, long nonceCounter) {
    public Header {
      if (keyId < 0 || keyId > KeyRing.MAX_KEY_ID) {
        throw new IllegalArgumentException("keyId out of range: keyId=" + keyId);
      }
    }
  }

  private final Cipher sealCipher;
  private final Cipher openCipher;
  private final byte[] header = new byte[HEADER_BYTES];
  private final byte[] nonce = new byte[NONCE_BYTES];

  /**
   * Scratch for the cipher's byte[] path: JDK 17's GCM is fastest on arrays, and direct buffers
   * would otherwise be copied inside the provider anyway. Grown on demand, never shrunk.
   */
  private byte[] scratchIn = new byte[2048];

  private byte[] scratchOut = new byte[2048];

  public SealedFrameCodec() {
    try {
      sealCipher = Cipher.getInstance(TRANSFORMATION);
      openCipher = Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + TRANSFORMATION, e);
    }
  }

  /**
   * Seals {@code plaintext} (its readable bytes; the caller keeps ownership and its indices).
   *
   * @return a new buffer owned by the caller
   */
  public ByteBuf seal(
      ByteBufAllocator alloc, KeyRing.Key key, int noncePrefix, long nonceCounter, ByteBuf plain) {
    int n = plain.readableBytes();
    ByteBuf out = alloc.buffer(n + OVERHEAD);
    boolean ok = false;
    try {
      writeHeader(header, key.id(), noncePrefix, nonceCounter);
      System.arraycopy(header, OFFSET_NONCE, nonce, 0, NONCE_BYTES);
      out.writeBytes(header);
      sealCipher.init(
          Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BYTES * 8, nonce));
      sealCipher.updateAAD(header);
      byte[] in = scratchIn(n);
      plain.getBytes(plain.readerIndex(), in, 0, n);
      byte[] dst = scratchOut(n + TAG_BYTES);
      int written = sealCipher.doFinal(in, 0, n, dst, 0);
      out.writeBytes(dst, 0, written);
      ok = true;
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed: keyId=" + key.id(), e);
    } finally {
      if (!ok) {
        out.release();
      }
    }
  }

  /**
   * Reads and checks the header of {@code sealed} without decrypting; the caller keeps ownership.
   */
  public static Header header(ByteBuf sealed) throws AuthenticationException {
    int len = sealed.readableBytes();
    int at = sealed.readerIndex();
    if (len < OVERHEAD) {
      throw new AuthenticationException(AuthenticationException.Reason.TRUNCATED, "length=" + len);
    }
    int magic = sealed.getUnsignedShort(at + OFFSET_MAGIC);
    if (magic != MAGIC) {
      throw new AuthenticationException(
          AuthenticationException.Reason.BAD_MAGIC, "magic=0x" + Integer.toHexString(magic));
    }
    byte version = sealed.getByte(at + OFFSET_VERSION);
    if (version != VERSION) {
      throw new AuthenticationException(
          AuthenticationException.Reason.BAD_VERSION, "version=" + version);
    }
    return new Header(
        sealed.getUnsignedByte(at + OFFSET_KEY_ID),
        sealed.getInt(at + OFFSET_NONCE),
        sealed.getLong(at + OFFSET_NONCE_COUNTER));
  }

  /**
   * Decrypts and verifies {@code sealed} (caller keeps ownership) under the ring's key named by its
   * header.
   *
   * @return the plaintext, a new buffer owned by the caller
   * @throws AuthenticationException if the frame is malformed, names an unknown key, or its tag
   *     does not verify
   */
  public ByteBuf open(ByteBufAllocator alloc, KeyRing ring, ByteBuf sealed)
      throws AuthenticationException {
    Header h = header(sealed);
    KeyRing.Key key = ring.find(h.keyId());
    if (key == null) {
      throw new AuthenticationException(
          AuthenticationException.Reason.UNKNOWN_KEY, "keyId=" + h.keyId());
    }
    int at = sealed.readerIndex();
    int n = sealed.readableBytes() - OVERHEAD;
    sealed.getBytes(at, header);
    System.arraycopy(header, OFFSET_NONCE, nonce, 0, NONCE_BYTES);
    ByteBuf out = alloc.buffer(Math.max(n, 1));
    boolean ok = false;
    try {
      openCipher.init(
          Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BYTES * 8, nonce));
      openCipher.updateAAD(header);
      byte[] in = scratchIn(n + TAG_BYTES);
      sealed.getBytes(at + HEADER_BYTES, in, 0, n + TAG_BYTES);
      byte[] dst = scratchOut(n);
      int written = openCipher.doFinal(in, 0, n + TAG_BYTES, dst, 0);
      out.writeBytes(dst, 0, written);
      ok = true;
      return out;
    } catch (AEADBadTagException e) {
      throw new AuthenticationException(
          AuthenticationException.Reason.BAD_TAG,
          "keyId=" + h.keyId() + " counter=" + h.nonceCounter());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed: keyId=" + h.keyId(), e);
    } finally {
      if (!ok) {
        out.release();
      }
    }
  }

  private byte[] scratchIn(int n) {
    if (scratchIn.length < n) {
      scratchIn = new byte[n];
    }
    return scratchIn;
  }

  private byte[] scratchOut(int n) {
    if (scratchOut.length < n) {
      scratchOut = new byte[n];
    }
    return scratchOut;
  }

  private static void writeHeader(byte[] dst, int keyId, int prefix, long counter) {
    dst[OFFSET_MAGIC] = (byte) (MAGIC >>> 8);
    dst[OFFSET_MAGIC + 1] = (byte) MAGIC;
    dst[OFFSET_VERSION] = VERSION;
    dst[OFFSET_KEY_ID] = (byte) keyId;
    for (int i = 0; i < 4; i++) {
      dst[OFFSET_NONCE + i] = (byte) (prefix >>> (24 - 8 * i));
    }
    for (int i = 0; i < 8; i++) {
      dst[OFFSET_NONCE_COUNTER + i] = (byte) (counter >>> (56 - 8 * i));
    }
  }
}
