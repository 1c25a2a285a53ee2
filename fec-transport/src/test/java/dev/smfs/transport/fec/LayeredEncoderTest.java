package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.testing.CountingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayeredEncoderTest {

  private record Emitted(RepairRecipe recipe, int lengthXor, byte[] xor) {}

  private final CountingAllocator alloc = new CountingAllocator();
  private final List<Emitted> emitted = new ArrayList<>();

  private LayeredEncoder encoder(FecParams p, int max) {
    return new LayeredEncoder(
        p,
        max,
        (recipe, lengthXor, xor) -> {
          byte[] bytes = new byte[xor.readableBytes()];
          xor.readBytes(bytes);
          xor.release();
          emitted.add(new Emitted(recipe, lengthXor, bytes));
        },
        alloc);
  }

  private static void send(LayeredEncoder e, long seq, byte[] bytes, long now) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    e.onData(seq, buf, now);
    assertEquals(1, buf.refCnt(), "encoder must not retain or release the symbol");
    assertEquals(0, buf.readerIndex(), "encoder must not move the reader index");
    buf.release();
  }

  @Test
  void goldenRepairOfTwoSymbols() {
    // r=2, one layer, I=1: seqs 0 and 1 form one group.
    LayeredEncoder e = encoder(new FecParams(2, 1, new int[] {1}), 16);
    send(e, 0, new byte[] {0x01, 0x02, 0x03}, 0);
    send(e, 1, new byte[] {(byte) 0xF0}, 0);
    assertEquals(1, emitted.size());
    Emitted r = emitted.get(0);
    assertEquals(new RepairRecipe(0, 0, 1, 2), r.recipe());
    assertEquals(3 ^ 1, r.lengthXor());
    assertArrayEquals(new byte[] {(byte) 0xF1, 0x02, 0x03}, r.xor());
    alloc.assertAllReleased();
  }

  @Test
  void goldenRepairOfInterleavedGroupSpansWordBoundary() {
    // r=2, I=2: seqs 0 and 2 share sub-stream 0 but sub-stream 0 has stagger offset 0, so its
    // groups are {0,2},{4,6}..; 11-byte symbols exercise a full word plus a 3-byte tail.
    LayeredEncoder e = encoder(new FecParams(2, 1, new int[] {2}), 16);
    byte[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    byte[] b = {0, 0, 0, 0, 0, 0, 0, 0x10, 0x20, 0x30};
    byte[] expected = {1, 2, 3, 4, 5, 6, 7, 8 ^ 0x10, 9 ^ 0x20, 10 ^ 0x30, 11};
    send(e, 0, a, 0);
    send(e, 1, new byte[] {1}, 0);
    send(e, 2, b, 0);
    // Sub-stream 1 is staggered by one position: its first group is {1} alone.
    assertEquals(
        List.of(new RepairRecipe(0, 1, 2, 1), new RepairRecipe(0, 0, 2, 2)),
        emitted.stream().map(Emitted::recipe).toList());
    assertEquals(11 ^ 10, emitted.get(1).lengthXor());
    assertArrayEquals(expected, emitted.get(1).xor());
  }

  @Test
  void everySeqIsCoveredOncePerLayer() {
    FecParams p = FecParams.defaults();
    LayeredEncoder e = encoder(p, 32);
    long first = 12_345;
    int n = 5_000;
    for (int i = 0; i < n; i++) {
      send(e, first + i, new byte[] {(byte) i}, 0);
    }
    e.flushAll();
    int[][] cover = new int[p.c()][n];
    for (Emitted r : emitted) {
      RepairRecipe rr = r.recipe();
      assertEquals(p.interleave(rr.layer()), rr.stride());
      assertTrue(rr.count() <= p.r(), "group larger than r: " + rr);
      for (int i = 0; i < rr.count(); i++) {
        cover[rr.layer()][(int) (rr.seqAt(i) - first)]++;
      }
    }
    for (int j = 0; j < p.c(); j++) {
      for (int i = 0; i < n; i++) {
        assertEquals(1, cover[j][i], "layer=" + j + " seq=" + (first + i));
      }
    }
    assertEquals(0, e.openGroups());
    alloc.assertAllReleased();
  }

  @Test
  void staggerSpreadsALayersRepairsOverEveryRound() {
    // I=10, r=8: without a stagger all 10 sub-streams would complete in the same round of 10
    // packets and none in the 7 rounds between. With it, every round completes 1 or 2 groups.
    FecParams p = new FecParams(8, 1, new int[] {10});
    LayeredEncoder e = encoder(p, 8);
    Map<Long, Integer> perRound = new HashMap<>();
    for (long seq = 0; seq < 8_000; seq++) {
      int before = emitted.size();
      send(e, seq, new byte[] {1}, 0);
      perRound.merge(seq / 10, emitted.size() - before, Integer::sum);
    }
    for (long round = 8; round < 800; round++) {
      int n = perRound.get(round);
      assertTrue(n == 1 || n == 2, "round=" + round + " repairs=" + n);
    }
  }

  @Test
  void fullGroupsHoldExactlyRPackets() {
    FecParams p = FecParams.defaults();
    LayeredEncoder e = encoder(p, 8);
    for (long seq = 0; seq < 4_000; seq++) {
      send(e, seq, new byte[] {1}, 0);
    }
    // Only the first group of each sub-stream may be short (stagger); later ones are full.
    Map<String, Integer> groupsSeen = new HashMap<>();
    for (Emitted r : emitted) {
      RepairRecipe rr = r.recipe();
      String subStream = rr.layer() + "/" + (rr.firstSeq() % rr.stride());
      int seen = groupsSeen.merge(subStream, 1, Integer::sum);
      if (seen > 1) {
        assertEquals(p.r(), rr.count(), rr.toString());
      }
    }
  }

  @Test
  void lingeringGroupIsFlushedOnlyAfterTheLinger() {
    LayeredEncoder e = encoder(new FecParams(8, 2, new int[] {1, 4}), 8);
    e.setLingerNanos(1_000);
    send(e, 0, new byte[] {5}, 100);
    send(e, 1, new byte[] {6, 7}, 600);
    e.flushLingering(1_099);
    assertEquals(0, emitted.size());
    e.flushLingering(1_100);
    // Groups opened at 100: layer 0's {0,1} and layer 1's sub-stream 0 {0}. Sub-stream 1 (opened
    // at 600) lingers on.
    assertEquals(2, emitted.size());
    assertEquals(new RepairRecipe(0, 0, 1, 2), emitted.get(0).recipe());
    assertEquals(1 ^ 2, emitted.get(0).lengthXor());
    assertArrayEquals(new byte[] {5 ^ 6, 7}, emitted.get(0).xor());
    assertEquals(new RepairRecipe(1, 0, 4, 1), emitted.get(1).recipe());
    assertEquals(1, e.openGroups());
    e.flushLingering(1_600);
    assertEquals(new RepairRecipe(1, 1, 4, 1), emitted.get(2).recipe());
    assertEquals(0, e.openGroups());
    assertEquals(3, e.lingerFlushes());
  }

  @Test
  void partialFlushEmitsOnlyTheNarrowestLayers() {
    // layers listed out of order on purpose: interleave 1 is layer 1, interleave 10 is layer 2
    LayeredEncoder e = encoder(new FecParams(8, 3, new int[] {100, 1, 10}), 8);
    e.setLingerNanos(10);
    for (long seq = 0; seq < 3; seq++) {
      send(e, seq, new byte[] {1}, 0);
    }
    e.flushLingering(10, 1);
    assertEquals(List.of(1), layersEmitted(), "k = 1: the interleave-1 layer only");
    emitted.clear();
    e.flushLingering(10, 2);
    assertEquals(List.of(2, 2, 2), layersEmitted(), "k = 2: then the interleave-10 layer");
    emitted.clear();
    e.flushLingering(10, 3);
    assertEquals(List.of(0, 0, 0), layersEmitted(), "k = 3: every layer");
    assertEquals(0, e.openGroups());
  }

  @Test
  void partialFlushLeavesYoungGroupsOfTheFlushedLayers() {
    LayeredEncoder e = encoder(new FecParams(8, 2, new int[] {1, 10}), 8);
    e.setLingerNanos(10);
    send(e, 0, new byte[] {1}, 0);
    send(e, 1, new byte[] {1}, 5);
    e.flushLingering(12, 2);
    // layer 0's group {0,1} opened at 0 and layer 1's sub-stream 0 too; sub-stream 1 opened at 5
    assertEquals(List.of(0, 1), layersEmitted());
    assertEquals(1, e.openGroups());
  }

  @Test
  void partialFlushRejectsMoreLayersThanC() {
    LayeredEncoder e = encoder(new FecParams(8, 2, new int[] {1, 10}), 8);
    assertThrows(IllegalArgumentException.class, () -> e.flushLingering(0, 3));
    assertThrows(IllegalArgumentException.class, () -> e.flushLingering(0, -1));
  }

  private List<Integer> layersEmitted() {
    List<Integer> layers = new ArrayList<>();
    for (Emitted x : emitted) {
      layers.add(x.recipe().layer());
    }
    return layers;
  }

  @Test
  void lingerDeadlineFollowsTheOldestOpenGroup() {
    LayeredEncoder e = encoder(new FecParams(2, 1, new int[] {1}), 8);
    e.setLingerNanos(1_000);
    assertEquals(Long.MAX_VALUE, e.lingerDeadlineNanos());
    send(e, 0, new byte[] {1}, 500);
    assertEquals(1_500, e.lingerDeadlineNanos());
    send(e, 1, new byte[] {1}, 700);
    assertEquals(Long.MAX_VALUE, e.lingerDeadlineNanos(), "group {0,1} completed");
    send(e, 2, new byte[] {1}, 900);
    assertEquals(1_900, e.lingerDeadlineNanos());
  }

  @Test
  void groupAfterALingerFlushStopsAtTheSameBoundary() {
    LayeredEncoder e = encoder(new FecParams(4, 1, new int[] {1}), 8);
    e.setLingerNanos(10);
    send(e, 0, new byte[] {1}, 0);
    e.flushLingering(10);
    for (long seq = 1; seq < 8; seq++) {
      send(e, seq, new byte[] {1}, 10);
    }
    assertEquals(
        List.of(
            new RepairRecipe(0, 0, 1, 1),
            new RepairRecipe(0, 1, 1, 3),
            new RepairRecipe(0, 4, 1, 4)),
        emitted.stream().map(Emitted::recipe).toList());
  }

  @Test
  void openGroupsNeverExceedTheSubStreams() {
    FecParams p = FecParams.defaults();
    LayeredEncoder e = encoder(p, 8);
    int maxOpen = 0;
    for (long seq = 0; seq < 3_000; seq++) {
      send(e, seq, new byte[] {1}, 0);
      maxOpen = Math.max(maxOpen, e.openGroups());
    }
    assertTrue(maxOpen <= 1 + 10 + 100, "open=" + maxOpen);
  }

  @Test
  void nonConsecutiveSeqIsRejected() {
    LayeredEncoder e = encoder(FecParams.defaults(), 8);
    send(e, 7, new byte[] {1}, 0);
    IllegalArgumentException x =
        assertThrows(IllegalArgumentException.class, () -> send(e, 9, new byte[] {1}, 0));
    assertTrue(x.getMessage().contains("expected=8 actual=9"), x.getMessage());
  }

  @Test
  void oversizeAndEmptySymbolsAreRejected() {
    LayeredEncoder e = encoder(FecParams.defaults(), 8);
    assertThrows(IllegalArgumentException.class, () -> send(e, 0, new byte[9], 0));
    assertThrows(IllegalArgumentException.class, () -> send(e, 0, new byte[0], 0));
  }

  @Test
  void readsOnlyTheReadableBytesOfADirectBuffer() {
    LayeredEncoder e = encoder(new FecParams(2, 1, new int[] {1}), 16);
    ByteBuf direct = Unpooled.directBuffer(16).writeBytes(new byte[] {9, 9, 1, 2, 3});
    direct.skipBytes(2);
    e.onData(0, direct, 0);
    direct.release();
    send(e, 1, new byte[] {1, 2, 3}, 0);
    assertArrayEquals(new byte[] {0, 0, 0}, emitted.get(0).xor());
    assertEquals(0, emitted.get(0).lengthXor());
  }
}
