package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.testing.CountingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FecDecoderTest {

  private static final FecParams DEFAULTS = FecParams.defaults();
  private static final int MAX = 64;
  private static final int N = 3_000;

  private static EncodedStream stream(long seed) {
    return EncodedStream.encode(DEFAULTS, MAX, 1_000, N, seed);
  }

  private static int dataEventIndex(EncodedStream s, long seq) {
    for (int e = 0; e < s.events.size(); e++) {
      if (!s.events.get(e).isRepair() && s.events.get(e).seq() == seq) {
        return e;
      }
    }
    throw new AssertionError("no event for seq=" + seq);
  }

  @Test
  void everySingleLossIsRecovered() {
    EncodedStream s = EncodedStream.encode(DEFAULTS, MAX, 5, 1_000, 1);
    for (long lost = s.firstSeq; lost <= s.lastSeq(); lost++) {
      int e = dataEventIndex(s, lost);
      DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliver(s, i -> i == e);
      assertEquals(Set.of(lost), run.recovered.keySet(), "lost seq=" + lost);
      run.assertOriginalBytes(s);
      run.allocator.assertAllReleased();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void burstUpToInterleaveIsRecoveredByItsLayerAlone(int layer) {
    int interleave = DEFAULTS.interleave(layer);
    EncodedStream s = stream(layer);
    Random random = new Random(layer);
    for (int trial = 0; trial < 40; trial++) {
      int burst = 1 + random.nextInt(interleave);
      long start = s.firstSeq + random.nextInt(N - burst);
      Set<Long> lostSeqs = new TreeSet<>();
      for (long q = start; q < start + burst; q++) {
        lostSeqs.add(q);
      }
      int from = dataEventIndex(s, start);
      int to = dataEventIndex(s, start + burst - 1);
      // Drop the burst's data events only; repairs interleaved with them still arrive.
      DecoderRun run =
          new DecoderRun(DEFAULTS, MAX, 4096)
              .deliver(
                  s, i -> i >= from && i <= to && !s.events.get(i).isRepair(), l -> l == layer);
      assertEquals(lostSeqs, run.recovered.keySet(), "burst start=" + start + " len=" + burst);
      run.assertOriginalBytes(s);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.05, 0.20})
  void randomLossRecoversExactlyWhatTheReferenceDoes(double loss) {
    for (long seed = 1; seed <= 12; seed++) {
      EncodedStream s = stream(seed);
      Random random = new Random(seed * 31);
      boolean[] lost = new boolean[s.events.size()];
      for (int e = 0; e < lost.length; e++) {
        lost[e] = random.nextDouble() < loss;
      }
      DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliver(s, e -> lost[e]);
      run.assertMatchesReference(s);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.05})
  void burstyLossRecoversExactlyWhatTheReferenceDoes(double enterBad) {
    for (long seed = 1; seed <= 12; seed++) {
      EncodedStream s = stream(seed);
      // Gilbert-Elliott: bad state loses 80 %, mean burst about 20 packets.
      Random random = new Random(seed * 17);
      boolean[] lost = new boolean[s.events.size()];
      boolean bad = false;
      for (int e = 0; e < lost.length; e++) {
        bad = bad ? random.nextDouble() >= 0.05 : random.nextDouble() < enterBad;
        lost[e] = bad && random.nextDouble() < 0.8;
      }
      DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliver(s, e -> lost[e]);
      run.assertMatchesReference(s);
    }
  }

  @Test
  void reorderedDeliveryEndsKnowingWhatTheReferenceKnows() {
    for (long seed = 1; seed <= 8; seed++) {
      EncodedStream s = stream(seed);
      Random random = new Random(seed * 7);
      // Each surviving packet is delayed by up to 40 positions; 5% are lost.
      List<int[]> keyed = new ArrayList<>();
      for (int e = 0; e < s.events.size(); e++) {
        if (random.nextDouble() >= 0.05) {
          keyed.add(new int[] {e + random.nextInt(40), e});
        }
      }
      keyed.sort(
          (a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
      int[] order = keyed.stream().mapToInt(k -> k[1]).toArray();
      DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliverInOrder(s, order);
      // A packet may be recovered before its delayed original arrives, so compare what is known.
      Set<Long> expectedKnown = new TreeSet<>(run.receivedData);
      expectedKnown.addAll(ReferenceDecoder.recoverable(run.receivedData, run.receivedRecipes));
      Set<Long> known = new TreeSet<>(run.receivedData);
      known.addAll(run.recovered.keySet());
      assertEquals(expectedKnown, known, "seed=" + seed);
      for (Map.Entry<Long, byte[]> e : run.recovered.entrySet()) {
        assertArrayEquals(s.symbol(e.getKey()), e.getValue(), "bytes of seq=" + e.getKey());
      }
      run.allocator.assertAllReleased();
    }
  }

  @Test
  void peelingAcrossLayersRecoversWhatNoSingleRepairCan() {
    // r=4, I=(1,2). Groups: layer 0 {0..3} {4..7}; layer 1 even {0,2,4,6}, odd {1,3,5} {7,9,11,13}.
    // Lose 2, 4, 5, 7: both groups holding 4 miss two packets, so 4 comes back only after 5 and 7
    // (odd groups) or 2 (layer 0) have been recovered.
    FecParams p = new FecParams(4, 2, new int[] {1, 2});
    EncodedStream s = EncodedStream.encode(p, MAX, 0, 64, 9);
    Set<Integer> lostEvents =
        Set.of(
            dataEventIndex(s, 2), dataEventIndex(s, 4), dataEventIndex(s, 5), dataEventIndex(s, 7));
    DecoderRun run = new DecoderRun(p, MAX, 64).deliver(s, lostEvents::contains);
    assertEquals(Set.of(2L, 4L, 5L, 7L), run.recovered.keySet());
    run.assertMatchesReference(s);
  }

  @Test
  void repairBeforeItsDataStillRecovers() {
    FecParams p = new FecParams(2, 1, new int[] {1});
    List<ByteBuf> out = new ArrayList<>();
    CountingAllocator alloc = new CountingAllocator();
    FecDecoder d = new FecDecoder(p, 16, 16, (seq, sym) -> out.add(sym), alloc);
    ByteBuf xor = alloc.heapBuffer(3).writeBytes(new byte[] {0x0F ^ 0x01, 0x22, 0x33});
    d.onRepair(new RepairRecipe(0, 10, 1, 2), 3 ^ 1, xor);
    assertEquals(0, out.size());
    ByteBuf data = Unpooled.wrappedBuffer(new byte[] {0x01});
    d.onData(11, data);
    data.release();
    assertEquals(1, out.size());
    byte[] got = new byte[out.get(0).readableBytes()];
    out.get(0).readBytes(got);
    out.get(0).release();
    assertArrayEquals(new byte[] {0x0F, 0x22, 0x33}, got);
    alloc.assertAllReleased();
  }

  @Test
  void repairWithNothingMissingIsCountedUseless() {
    EncodedStream s = stream(3);
    DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliver(s, e -> false);
    assertEquals(s.repairs.size(), run.decoder.repairsReceived());
    assertEquals(s.repairs.size(), run.decoder.repairsUseless());
    assertEquals(0, run.decoder.recovered());
    assertEquals(0, run.decoder.pendingRepairs());
  }

  @Test
  void lostPacketArrivingAfterRecoveryIsNotReportedAgain() {
    EncodedStream s = stream(4);
    int e = dataEventIndex(s, 1_500);
    DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliver(s, i -> i == e);
    ByteBuf late = Unpooled.wrappedBuffer(s.symbol(1_500));
    run.decoder.onData(1_500, late);
    late.release();
    assertEquals(Set.of(1_500L), run.recovered.keySet());
    assertEquals(1, run.decoder.recovered());
  }

  @Test
  void windowBoundsMemoryOverALongLossyStream() {
    int window = 1024;
    EncodedStream s = EncodedStream.encode(DEFAULTS, MAX, 0, 40_000, 5);
    Random random = new Random(5);
    boolean[] lost = new boolean[s.events.size()];
    for (int e = 0; e < lost.length; e++) {
      lost[e] = random.nextDouble() < 0.3;
    }
    DecoderRun run = new DecoderRun(DEFAULTS, MAX, window);
    // Deliver in chunks and watch the pending repairs: bounded by the repairs a window can hold.
    int maxPending = 0;
    int chunk = 2_000;
    for (int lo = 0; lo < lost.length; lo += chunk) {
      int hi = Math.min(lost.length, lo + chunk);
      run.deliver(s, lo, hi, e -> lost[e], layer -> true);
      maxPending = Math.max(maxPending, run.decoder.pendingRepairs());
    }
    int repairsPerWindow = window * DEFAULTS.c() / 2;
    assertTrue(maxPending <= repairsPerWindow, "pending=" + maxPending);
    assertTrue(run.decoder.dropped() > 0, "30% loss leaves repairs that age out");
    assertTrue(run.decoder.floor() >= s.lastSeq() - window + 1);
    run.decoder.forgetBelow(s.lastSeq() + 1);
    assertEquals(0, run.decoder.pendingRepairs());
    run.assertOriginalBytes(s);
    run.allocator.assertAllReleased();
  }

  @Test
  void forgetBelowDropsRepairsMissingForgottenPackets() {
    FecParams p = new FecParams(4, 1, new int[] {1});
    CountingAllocator alloc = new CountingAllocator();
    List<Long> got = new ArrayList<>();
    FecDecoder d =
        new FecDecoder(
            p,
            8,
            64,
            (seq, sym) -> {
              got.add(seq);
              sym.release();
            },
            alloc);
    // Repair over 0..3 with 0 and 1 missing.
    d.onRepair(new RepairRecipe(0, 0, 1, 4), 1, alloc.heapBuffer(1).writeByte(0x5A));
    d.forgetBelow(1);
    assertEquals(1, d.dropped());
    assertEquals(0, d.pendingRepairs());
    ByteBuf one = Unpooled.wrappedBuffer(new byte[] {7});
    d.onData(1, one);
    d.onData(0, one);
    one.release();
    assertEquals(List.of(), got);
    assertEquals(1, d.lateData());
    alloc.assertAllReleased();
  }

  @Test
  void repairOlderThanTheWindowIsDropped() {
    FecParams p = new FecParams(2, 1, new int[] {1});
    CountingAllocator alloc = new CountingAllocator();
    FecDecoder d = new FecDecoder(p, 8, 16, (seq, sym) -> sym.release(), alloc);
    ByteBuf one = Unpooled.wrappedBuffer(new byte[] {7});
    d.onData(100, one);
    one.release();
    d.onRepair(new RepairRecipe(0, 50, 1, 2), 1, alloc.heapBuffer(1).writeByte(1));
    assertEquals(1, d.dropped());
    alloc.assertAllReleased();
  }

  @Test
  void malformedRepairsAreRejectedAndReleased() {
    FecParams p = new FecParams(2, 1, new int[] {1});
    CountingAllocator alloc = new CountingAllocator();
    FecDecoder d = new FecDecoder(p, 8, 16, (seq, sym) -> sym.release(), alloc);
    d.onRepair(new RepairRecipe(1, 0, 1, 2), 1, alloc.heapBuffer(1).writeByte(1));
    d.onRepair(new RepairRecipe(0, 0, 1, 2), 1, alloc.heapBuffer(9).writeZero(9));
    d.onRepair(new RepairRecipe(0, 0, 1, 2), 1, alloc.heapBuffer(1));
    // Claimed length 5 exceeds the 1-byte payload: not a valid recovery.
    ByteBuf one = Unpooled.wrappedBuffer(new byte[] {7});
    d.onData(0, one);
    one.release();
    d.onRepair(new RepairRecipe(0, 0, 1, 2), 1 ^ 5, alloc.heapBuffer(1).writeByte(3));
    assertEquals(4, d.repairsInvalid());
    assertEquals(0, d.recovered());
    alloc.assertAllReleased();
  }

  @Test
  void sinkMayForgetFromInsideTheCallback() {
    FecParams p = new FecParams(2, 1, new int[] {1});
    CountingAllocator alloc = new CountingAllocator();
    FecDecoder[] holder = new FecDecoder[1];
    List<Long> got = new ArrayList<>();
    holder[0] =
        new FecDecoder(
            p,
            8,
            16,
            (seq, sym) -> {
              got.add(seq);
              sym.release();
              holder[0].forgetBelow(seq + 1);
            },
            alloc);
    ByteBuf one = Unpooled.wrappedBuffer(new byte[] {7});
    holder[0].onData(0, one);
    one.release();
    holder[0].onRepair(new RepairRecipe(0, 0, 1, 2), 1 ^ 1, alloc.heapBuffer(1).writeByte(7 ^ 9));
    assertEquals(List.of(1L), got);
    assertEquals(2, holder[0].floor());
    alloc.assertAllReleased();
  }

  @Test
  void windowSmallerThanWidestGroupIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FecDecoder(DEFAULTS, 1400, 799, (seq, sym) -> sym.release()));
    assertTrue(e.getMessage().contains("windowPackets=799"), e.getMessage());
  }

  @Test
  void recoveredSeqsAreWithinTheStream() {
    EncodedStream s = stream(8);
    Random random = new Random(8);
    boolean[] lost = new boolean[s.events.size()];
    for (int e = 0; e < lost.length; e++) {
      lost[e] = random.nextDouble() < 0.1;
    }
    DecoderRun run = new DecoderRun(DEFAULTS, MAX, 4096).deliver(s, e -> lost[e]);
    Set<Long> all = new TreeSet<>();
    LongStream.rangeClosed(s.firstSeq, s.lastSeq()).forEach(all::add);
    assertTrue(all.containsAll(run.recovered.keySet()));
    assertTrue(run.recovered.size() > 0, "10% loss leaves something to recover");
  }
}
