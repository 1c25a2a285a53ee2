package dev.smfs.transport.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.fec.FecDecoder;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.RepairRecipe;
import dev.smfs.transport.testing.CountingAllocator;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * One fuzz execution's {@link FecDecoder} wrapped in the invariants every input must keep:
 *
 * <ul>
 *   <li>{@code onData} throws only its documented {@link IllegalArgumentException} (length outside
 *       {@code [1, maxSymbolBytes]} or negative seq) and exactly then; {@code onRepair} and {@code
 *       forgetBelow} never throw;
 *   <li>the decoder neither retains nor releases nor moves a data buffer, and releases every repair
 *       buffer; every recovered buffer it allocates reaches the sink, which releases it;
 *   <li>a seq is reported at most once, never after it was received, with a length in {@code [1,
 *       maxSymbolBytes]};
 *   <li>the reported seqs are within what the brute-force peeling closure of the received data and
 *       the accepted repair recipes can reach; when the caller says nothing can have been evicted,
 *       they are exactly that closure;
 *   <li>with honest inputs (every packet built from the same originals) the recovered bytes are the
 *       originals.
 * </ul>
 *
 * <p>Not thread-safe; one per fuzz execution.
 */
final class FecHarness {
  private final CountingAllocator allocator = new CountingAllocator();
  private final int maxSymbolBytes;
  private final int windowPackets;
  private final int layers;
  private final LongFunction<byte[]> originals;
  private final FecDecoder decoder;
  private final Set<Long> received = new HashSet<>();
  private final List<RepairRecipe> recipes = new ArrayList<>();
  private final Map<Long, byte[]> reported = new HashMap<>();
  private long sinkForgetLag = -1;

  /**
   * @param originals the true symbol of each seq when every input is honest, else {@code null}
   */
  FecHarness(FecParams p, int maxSymbolBytes, int windowPackets, LongFunction<byte[]> originals) {
    this.maxSymbolBytes = maxSymbolBytes;
    this.windowPackets = windowPackets;
    this.layers = p.c();
    this.originals = originals;
    this.decoder = new FecDecoder(p, maxSymbolBytes, windowPackets, this::onRecovered, allocator);
  }

  /**
   * Makes the sink call {@code forgetBelow(seq - lag)} on each report (the documented re-entry).
   */
  void forgetFromSink(int lag) {
    this.sinkForgetLag = lag;
  }

  private void onRecovered(long seq, ByteBuf symbol) {
    try {
      int len = symbol.readableBytes();
      assertTrue(len >= 1 && len <= maxSymbolBytes, "recovered length: seq=" + seq + " len=" + len);
      assertFalse(received.contains(seq), "received seq reported: seq=" + seq);
      byte[] bytes = new byte[len];
      symbol.getBytes(symbol.readerIndex(), bytes);
      assertFalse(reported.containsKey(seq), "seq reported twice: seq=" + seq);
      reported.put(seq, bytes);
      if (originals != null) {
        assertTrue(
            Arrays.equals(originals.apply(seq), bytes), "recovered bytes differ: seq=" + seq);
      }
    } finally {
      symbol.release();
    }
    if (sinkForgetLag >= 0) {
      decoder.forgetBelow(Math.max(0, seq - sinkForgetLag));
    }
  }

  /** Delivers a data packet in a buffer of the given kind; returns whether it was accepted. */
  boolean data(long seq, byte[] symbol, int bufferKind) {
    ByteBuf buf = Buffers.of(symbol, bufferKind, allocator);
    int readerIndex = buf.readerIndex();
    try {
      boolean valid = seq >= 0 && symbol.length >= 1 && symbol.length <= maxSymbolBytes;
      if (valid) {
        decoder.onData(seq, buf);
        received.add(seq);
      } else {
        assertThrows(IllegalArgumentException.class, () -> decoder.onData(seq, buf));
      }
      assertEquals(1, buf.refCnt(), "decoder must neither retain nor release data");
      assertEquals(readerIndex, buf.readerIndex(), "decoder must not move the reader index");
      afterCall();
      return valid;
    } finally {
      buf.release();
    }
  }

  /** Delivers a repair; the harness hands the buffer's ownership to the decoder. */
  void repair(RepairRecipe recipe, int lengthXor, byte[] xor, int bufferKind) {
    ByteBuf buf = Buffers.of(xor, bufferKind, allocator);
    if (recipe.layer() < layers && xor.length >= 1 && xor.length <= maxSymbolBytes) {
      recipes.add(recipe);
    }
    decoder.onRepair(recipe, lengthXor, buf);
    assertEquals(0, buf.refCnt(), "decoder must release the repair buffer");
    afterCall();
  }

  void forgetBelow(long seq) {
    decoder.forgetBelow(seq);
    afterCall();
  }

  private void afterCall() {
    assertEquals(reported.size(), decoder.recovered(), "recovered counter vs reports");
    assertTrue(
        decoder.pendingRepairs() >= 0 && decoder.pendingRepairs() <= windowPackets * layers / 2,
        "pending repairs out of bound: pending=" + decoder.pendingRepairs());
  }

  /**
   * Final checks. {@code exact}: the caller guarantees nothing was evicted or forgotten, so the
   * decoder must have recovered everything peeling can reach, not just a subset.
   */
  void finish(boolean exact) {
    allocator.assertAllReleased();
    Set<Long> closure = PeelingOracle.closure(received, recipes);
    for (Long seq : reported.keySet()) {
      assertTrue(closure.contains(seq), "reported seq unreachable by peeling: seq=" + seq);
    }
    if (exact) {
      Set<Long> expected = new HashSet<>(closure);
      expected.removeAll(received);
      Set<Long> missed = new HashSet<>(expected);
      missed.removeAll(reported.keySet());
      assertTrue(missed.isEmpty(), "recoverable seqs not recovered: " + missed);
    }
  }
}
