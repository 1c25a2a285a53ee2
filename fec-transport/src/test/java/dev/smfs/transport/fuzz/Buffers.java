package dev.smfs.transport.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * Puts fuzz bytes into the buffer shapes that real callers pass, since decoders take different
 * paths for them: a plain heap buffer, a direct buffer, a heap buffer whose readable bytes start
 * past a non-zero reader index, and a two-component composite buffer.
 */
final class Buffers {
  static final int KINDS = 4;

  private Buffers() {}

  /**
   * @param kind in {@code [0, KINDS)}, taken modulo
   * @return a new buffer with reference count 1 whose readable bytes are {@code bytes}; the caller
   *     owns it
   */
  static ByteBuf of(byte[] bytes, int kind, ByteBufAllocator allocator) {
    switch (Math.floorMod(kind, KINDS)) {
      case 1:
        return allocator.directBuffer(bytes.length).writeBytes(bytes);
      case 2:
        {
          ByteBuf buf = new UnpooledHeapByteBuf(allocator, bytes.length + 5, bytes.length + 5);
          buf.writerIndex(5).readerIndex(5);
          return buf.writeBytes(bytes);
        }
      case 3:
        {
          int half = bytes.length / 2;
          // Constructed directly: allocator.compositeBuffer() would add a leak-aware wrapper.
          CompositeByteBuf composite = new CompositeByteBuf(allocator, false, 2);
          composite.addComponent(true, allocator.heapBuffer(half).writeBytes(bytes, 0, half));
          composite.addComponent(
              true,
              allocator
                  .directBuffer(bytes.length - half)
                  .writeBytes(bytes, half, bytes.length - half));
          return composite;
        }
      default:
        return allocator.heapBuffer(bytes.length).writeBytes(bytes);
    }
  }
}
