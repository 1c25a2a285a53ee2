package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Test allocator remembering every buffer it hands out, so a test can assert that all of them were
 * released: a deterministic leak check on top of Netty's paranoid detector (which only logs).
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();

  TrackingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(buf);
    return buf;
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return newHeapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  int allocatedCount() {
    return allocated.size();
  }

  void assertAllReleased() {
    long live = allocated.stream().filter(b -> b.refCnt() != 0).count();
    assertEquals(0, live, "buffers still referenced out of " + allocated.size());
  }
}
