package dev.smfs.fuse;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * Views of libfuse's request buffers as direct {@link ByteBuffer}s, so that a write hands the
 * kernel's bytes to the volume and a read fills the reply without a Java-side copy.
 *
 * <p>The view aliases native memory owned by libfuse: it is valid only for the duration of the
 * callback that received the pointer, so a volume must copy what it keeps (the {@code Volume}
 * contract already requires that, because callers reuse their buffers). jffi's {@code
 * newDirectByteBuffer} is the JNI {@code NewDirectByteBuffer}: no Unsafe, no reflection.
 */
final class NativeBuffers {
  private static final MemoryIO MEMORY_IO = MemoryIO.getInstance();

  private NativeBuffers() {}

  /**
   * A buffer over {@code size} bytes at {@code pointer}, position 0 and limit {@code size}; a view
   * when the pointer is native memory, else null (the caller then copies).
   */
  static ByteBuffer view(Pointer pointer, long size) {
    if (size < 0 || size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("size=" + size + " out of range");
    }
    if (!pointer.isDirect() || pointer.address() == 0) {
      return null;
    }
    return MEMORY_IO.newDirectByteBuffer(pointer.address(), (int) size);
  }
}
