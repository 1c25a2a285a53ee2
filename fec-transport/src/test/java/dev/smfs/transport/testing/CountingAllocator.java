package dev.smfs.transport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Allocator that remembers every buffer it hands out, so a test or fuzz execution can assert that
 * each one was released exactly when it should be. Netty's paranoid leak detector only logs, and
 * only after a garbage collection; this check fails the execution that leaked, deterministically.
 * The buffers bypass Netty's leak-aware wrappers, whose paranoid stack capture would slow fuzzing.
 *
 * <p>Not thread-safe; one per test or fuzz execution.
 */
public final class CountingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();

  public CountingAllocator() {
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
    ByteBuf buf = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(buf);
    return buf;
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  public int allocatedCount() {
    return allocated.size();
  }

  /** Fails unless every buffer ever allocated here has reference count zero. */
  public void assertAllReleased() {
    long live = allocated.stream().filter(b -> b.refCnt() != 0).count();
    assertEquals(0, live, "buffers still referenced: live=" + live + " of=" + allocated.size());
  }
}
