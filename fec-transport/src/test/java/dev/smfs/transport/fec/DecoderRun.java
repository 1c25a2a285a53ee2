package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smfs.transport.testing.CountingAllocator;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Replays an {@link EncodedStream} with some packets lost into a {@link FecDecoder} and checks the
 * decoder against the {@link ReferenceDecoder}, the original bytes and buffer ownership.
 */
final class DecoderRun {
  final CountingAllocator allocator = new CountingAllocator();
  final Map<Long, byte[]> recovered = new TreeMap<>();
  final FecDecoder decoder;
  final Set<Long> receivedData = new HashSet<>();
  final List<RepairRecipe> receivedRecipes = new ArrayList<>();

  DecoderRun(FecParams p, int maxSymbolBytes, int window) {
    decoder =
        new FecDecoder(
            p,
            maxSymbolBytes,
            window,
            (seq, symbol) -> {
              try {
                byte[] bytes = new byte[symbol.readableBytes()];
                symbol.readBytes(bytes);
                assertNull(recovered.put(seq, bytes), "seq reported twice: seq=" + seq);
              } finally {
                symbol.release();
              }
            },
            allocator);
  }

  /**
   * Delivers every event whose index {@code lost} rejects, skipping repairs whose layer {@code
   * layers} rejects.
   */
  DecoderRun deliver(EncodedStream stream, IntPredicate lost, IntPredicate layers) {
    return deliver(stream, 0, stream.events.size(), lost, layers);
  }

  /** Delivers events {@code [from, to)} that {@code lost} rejects, of the layers accepted. */
  DecoderRun deliver(
      EncodedStream stream, int from, int to, IntPredicate lost, IntPredicate layers) {
    for (int e = from; e < to; e++) {
      if (!lost.test(e)) {
        deliverEvent(stream, e, layers);
      }
    }
    return this;
  }

  /** Delivers the events listed in {@code order}, in that order. */
  DecoderRun deliverInOrder(EncodedStream stream, int[] order) {
    for (int e : order) {
      deliverEvent(stream, e, layer -> true);
    }
    return this;
  }

  private void deliverEvent(EncodedStream stream, int e, IntPredicate layers) {
    EncodedStream.Event event = stream.events.get(e);
    if (event.isRepair()) {
      EncodedStream.Repair repair = stream.repairs.get(event.repair());
      if (!layers.test(repair.recipe().layer())) {
        return;
      }
      receivedRecipes.add(repair.recipe());
      ByteBuf xor = allocator.heapBuffer(repair.xor().length);
      xor.writeBytes(repair.xor());
      decoder.onRepair(repair.recipe(), repair.lengthXor(), xor);
      assertEquals(0, xor.refCnt(), "decoder must release the repair");
    } else {
      receivedData.add(event.seq());
      ByteBuf data = allocator.directBuffer(stream.symbol(event.seq()).length);
      data.writeBytes(stream.symbol(event.seq()));
      decoder.onData(event.seq(), data);
      assertEquals(1, data.refCnt(), "decoder must not retain or release data");
      assertEquals(0, data.readerIndex(), "decoder must not move the reader index");
      data.release();
    }
  }

  DecoderRun deliver(EncodedStream stream, IntPredicate lost) {
    return deliver(stream, lost, layer -> true);
  }

  /** Recovered set equals the oracle's, bytes equal the originals, nothing received is reported. */
  void assertMatchesReference(EncodedStream stream) {
    Set<Long> expected = ReferenceDecoder.recoverable(receivedData, receivedRecipes);
    assertEquals(expected, recovered.keySet());
    assertOriginalBytes(stream);
    allocator.assertAllReleased();
  }

  void assertOriginalBytes(EncodedStream stream) {
    for (Map.Entry<Long, byte[]> e : recovered.entrySet()) {
      assertFalse(receivedData.contains(e.getKey()), "received seq reported: seq=" + e.getKey());
      assertArrayEquals(stream.symbol(e.getKey()), e.getValue(), "bytes of seq=" + e.getKey());
    }
  }
}
