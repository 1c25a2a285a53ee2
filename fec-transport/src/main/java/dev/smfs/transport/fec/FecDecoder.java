package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * Receive side of layered interleaving: keeps copies of recent data packets and the repairs that
 * still miss members, recovers every repair that misses exactly one packet, and keeps peeling,
 * since a recovered packet may leave other repairs (of any layer) with one missing packet.
 *
 * <p>Window: only sequence numbers in {@code [floor, highest]} are tracked, where {@code highest}
 * is the highest sequence number seen (data or covered by a repair) and {@code floor = max(highest
 * - windowPackets + 1, forgetBelow)}. Per sequence number the decoder keeps one slot of a ring of
 * {@code windowPackets} slots (state, length and a {@code ceil(maxSymbolBytes / 8)}-word copy), so
 * memory is {@code O(windowPackets * maxSymbolBytes)} however long the stream. A pending repair
 * that still misses a packet leaving the window can never complete and is dropped; a repair
 * arriving with {@code firstSeq < floor} is dropped unseen. Both count in {@link #dropped()}.
 *
 * <p>Recovered packets are reported after the call that recovered them has updated all state, so a
 * {@link RecoverySink} may call back into the decoder (for example {@link #forgetBelow}). The sink
 * must not throw; if it does, the not yet reported recoveries are reported on the next call.
 *
 * <p>Not thread-safe: one event loop owns a decoder.
 */
public final class FecDecoder {

  private static final byte UNKNOWN = 0;
  private static final byte RECEIVED = 1;
  private static final byte RECOVERED = 2;

  /** Spare word arrays kept for reuse; more are left to the garbage collector. */
  private static final int POOL_LIMIT = 64;

  private final int c;
  private final int maxSymbolBytes;
  private final int window;
  private final int words;
  private final RecoverySink sink;
  private final ByteBufAllocator allocator;

  private final long[] slotSeq;
  private final byte[] slotState;
  private final int[] slotLen;
  private final long[][] slotData;

  /** {@code waiting[slot * c + layer]}: the pending repair of that layer missing the slot's seq. */
  private final PendingRepair[] waiting;

  private final byte[] scratch;
  private final ArrayDeque<long[]> pool = new ArrayDeque<>();
  private final ArrayDeque<PendingRepair> ready = new ArrayDeque<>();
  private final ArrayDeque<Recovered> toReport = new ArrayDeque<>();

  private long highest = -1;
  private long floor;
  private long recovered;
  private long repairsReceived;
  private long repairsUseless;
  private long repairsInvalid;
  private long dropped;
  private long lateData;

  /** Decoder allocating recovered symbols from {@link ByteBufAllocator#DEFAULT}. */
  public FecDecoder(FecParams p, int maxSymbolBytes, int windowPackets, RecoverySink sink) {
    this(p, maxSymbolBytes, windowPackets, sink, ByteBufAllocator.DEFAULT);
  }

  /**
   * @param p layering parameters (only {@code c} matters: repairs of layer {@code >= c} are
   *     invalid)
   * @param maxSymbolBytes largest data symbol, in [1, 65536]
   * @param windowPackets tracked sequence numbers, at least {@code r * max(I)} (one group of the
   *     widest layer) and at most 2^22
   * @param sink receives recovered symbols
   * @param allocator allocates the recovered symbols handed to the sink
   */
  public FecDecoder(
      FecParams p,
      int maxSymbolBytes,
      int windowPackets,
      RecoverySink sink,
      ByteBufAllocator allocator) {
    if (maxSymbolBytes < 1 || maxSymbolBytes > 65536) {
      throw new IllegalArgumentException(
          "maxSymbolBytes out of range: maxSymbolBytes=" + maxSymbolBytes + " allowed=[1,65536]");
    }
    int minWindow = p.r() * p.maxInterleave();
    if (windowPackets < minWindow || windowPackets > (1 << 22)) {
      throw new IllegalArgumentException(
          "windowPackets out of range: windowPackets="
              + windowPackets
              + " allowed=["
              + minWindow
              + ","
              + (1 << 22)
              + "]");
    }
    if (sink == null || allocator == null) {
      throw new IllegalArgumentException("sink and allocator are required");
    }
    this.c = p.c();
    this.maxSymbolBytes = maxSymbolBytes;
    this.window = windowPackets;
    this.words = XorWords.wordsFor(maxSymbolBytes);
    this.sink = sink;
    this.allocator = allocator;
    this.slotSeq = new long[windowPackets];
    java.util.Arrays.fill(slotSeq, -1L);
    this.slotState = new byte[windowPackets];
    this.slotLen = new int[windowPackets];
    this.slotData = new long[windowPackets][];
    this.waiting = new PendingRepair[windowPackets * c];
    this.scratch = new byte[words << 3];
  }

  /**
   * A data packet arrived.
   *
   * @param seq data sequence number
   * @param symbol the packet's bytes (readable bytes, 1..maxSymbolBytes); NOT retained and not
   *     released: the decoder copies the bytes it needs, indices are not moved, the caller keeps
   *     ownership
   */
  public void onData(long seq, ByteBuf symbol) {
    int len = symbol.readableBytes();
    if (len < 1 || len > maxSymbolBytes || seq < 0) {
      throw new IllegalArgumentException(
          "data out of range: seq=" + seq + " length=" + len + " max=" + maxSymbolBytes);
    }
    if (seq < floor) {
      lateData++;
      return;
    }
    advanceTo(seq);
    int slot = slotOf(seq);
    if (slotSeq[slot] == seq) {
      if (slotState[slot] != UNKNOWN) {
        return;
      }
    } else {
      claim(slot, seq);
    }
    long[] data = slotData[slot];
    if (data == null) {
      data = takeArray();
      slotData[slot] = data;
    }
    XorWords.load(symbol, symbol.readerIndex(), len, scratch, data);
    slotState[slot] = RECEIVED;
    slotLen[slot] = len;
    becameKnown(slot, seq);
    peel();
    report();
  }

  /**
   * A repair arrived.
   *
   * @param recipe covered sequence numbers
   * @param lengthXor XOR of the covered symbols' lengths
   * @param xor XOR of the zero-padded covered symbols (readable bytes); ownership passes to the
   *     decoder, which releases it before returning, also on failure
   */
  public void onRepair(RepairRecipe recipe, int lengthXor, ByteBuf xor) {
    try {
      repairsReceived++;
      int xorBytes = xor.readableBytes();
      if (recipe.layer() >= c || xorBytes < 1 || xorBytes > maxSymbolBytes) {
        repairsInvalid++;
        return;
      }
      if (recipe.firstSeq() < floor) {
        dropped++;
        return;
      }
      advanceTo(recipe.lastSeq());
      if (recipe.firstSeq() < floor) {
        // The recipe is wider than the window.
        dropped++;
        return;
      }
      PendingRepair p = admit(recipe, lengthXor, xor, xorBytes);
      if (p != null && p.missing == 1) {
        ready.add(p);
      }
    } finally {
      xor.release();
    }
    peel();
    report();
  }

  /**
   * The session has delivered every sequence number below {@code seq}: stop tracking them. Pending
   * repairs still missing one of them are dropped.
   */
  public void forgetBelow(long seq) {
    if (seq > floor) {
      raiseFloor(seq);
    }
  }

  /** Packets recovered and reported to the sink. */
  public long recovered() {
    return recovered;
  }

  public long repairsReceived() {
    return repairsReceived;
  }

  /** Repairs whose every covered packet arrived (or was recovered by other repairs) first. */
  public long repairsUseless() {
    return repairsUseless;
  }

  /**
   * Repairs rejected as malformed: layer {@code >= c}, empty or oversize payload, a covered packet
   * already claimed by another repair of the same layer, or an impossible recovered length.
   */
  public long repairsInvalid() {
    return repairsInvalid;
  }

  /**
   * Repairs discarded unresolved because they arrived below, or a missing packet left, the window.
   */
  public long dropped() {
    return dropped;
  }

  /** Data packets that arrived below the window floor and were ignored. */
  public long lateData() {
    return lateData;
  }

  /** Repairs currently waiting for packets (for memory checks). */
  public int pendingRepairs() {
    java.util.IdentityHashMap<PendingRepair, Boolean> seen = new java.util.IdentityHashMap<>();
    for (PendingRepair p : waiting) {
      if (p != null) {
        seen.put(p, Boolean.TRUE);
      }
    }
    return seen.size();
  }

  /** Lowest tracked sequence number. */
  public long floor() {
    return floor;
  }

  private PendingRepair admit(RepairRecipe recipe, int lengthXor, ByteBuf xor, int xorBytes) {
    int layer = recipe.layer();
    long mask = 0;
    int missing = 0;
    for (int i = 0; i < recipe.count(); i++) {
      long s = recipe.seqAt(i);
      int slot = slotOf(s);
      if (slotSeq[slot] != s || slotState[slot] == UNKNOWN) {
        if (slotSeq[slot] == s && waiting[slot * c + layer] != null) {
          repairsInvalid++;
          return null;
        }
        mask |= 1L << i;
        missing++;
      }
    }
    if (missing == 0) {
      repairsUseless++;
      return null;
    }
    long[] acc = takeArray();
    XorWords.load(xor, xor.readerIndex(), xorBytes, scratch, acc);
    int accWords = XorWords.wordsFor(xorBytes);
    for (int w = accWords; w < words; w++) {
      acc[w] = 0;
    }
    PendingRepair p = new PendingRepair(recipe, xorBytes, lengthXor, acc);
    for (int i = 0; i < recipe.count(); i++) {
      long s = recipe.seqAt(i);
      int slot = slotOf(s);
      if ((mask & (1L << i)) == 0) {
        int len = slotLen[slot];
        XorWords.xor(slotData[slot], acc, XorWords.wordsFor(len));
        p.lengthXor ^= len;
      } else {
        if (slotSeq[slot] != s) {
          claim(slot, s);
        }
        waiting[slot * c + layer] = p;
      }
    }
    p.missingMask = mask;
    p.missing = missing;
    return p;
  }

  /** Slot {@code slot} now holds a known symbol: feed it to the repairs waiting for it. */
  private void becameKnown(int slot, long seq) {
    int base = slot * c;
    for (int layer = 0; layer < c; layer++) {
      PendingRepair p = waiting[base + layer];
      if (p == null) {
        continue;
      }
      waiting[base + layer] = null;
      int len = slotLen[slot];
      XorWords.xor(slotData[slot], p.acc, XorWords.wordsFor(len));
      p.lengthXor ^= len;
      p.missingMask &= ~(1L << p.indexOf(seq));
      p.missing--;
      if (p.missing == 1) {
        ready.add(p);
      }
      // missing == 0 only happens to a repair already queued in ready: peel() retires it.
    }
  }

  private void peel() {
    PendingRepair p;
    while ((p = ready.poll()) != null) {
      if (p.missing == 0) {
        repairsUseless++;
        giveArray(p.acc);
        p.acc = null;
        continue;
      }
      recoverLast(p);
    }
  }

  private void recoverLast(PendingRepair p) {
    int i = Long.numberOfTrailingZeros(p.missingMask);
    long seq = p.seqAt(i);
    int slot = slotOf(seq);
    waiting[slot * c + p.layer] = null;
    int len = p.lengthXor;
    if (len < 1 || len > p.xorBytes) {
      repairsInvalid++;
      giveArray(p.acc);
      p.acc = null;
      return;
    }
    long[] data = p.acc;
    p.acc = null;
    XorWords.clearFrom(data, len, XorWords.wordsFor(p.xorBytes));
    giveArray(slotData[slot]);
    slotData[slot] = data;
    slotState[slot] = RECOVERED;
    slotLen[slot] = len;
    recovered++;
    ByteBuf out = allocator.buffer(len, len);
    boolean queued = false;
    try {
      XorWords.store(data, len, scratch, out);
      toReport.add(new Recovered(seq, out));
      queued = true;
    } finally {
      if (!queued) {
        out.release();
      }
    }
    becameKnown(slot, seq);
  }

  private void report() {
    Recovered r;
    while ((r = toReport.poll()) != null) {
      sink.onRecovered(r.seq, r.symbol);
    }
  }

  private void advanceTo(long seq) {
    if (seq <= highest) {
      return;
    }
    highest = seq;
    long newFloor = seq - window + 1;
    if (newFloor > floor) {
      raiseFloor(newFloor);
    }
  }

  /** Evicts every tracked sequence number below {@code newFloor}. */
  private void raiseFloor(long newFloor) {
    long from = floor;
    floor = newFloor;
    if (newFloor - from >= window) {
      for (int slot = 0; slot < window; slot++) {
        if (slotSeq[slot] >= 0 && slotSeq[slot] < newFloor) {
          evict(slot);
        }
      }
      return;
    }
    for (long s = from; s < newFloor; s++) {
      int slot = slotOf(s);
      if (slotSeq[slot] == s) {
        evict(slot);
      }
    }
  }

  private void evict(int slot) {
    int base = slot * c;
    for (int layer = 0; layer < c; layer++) {
      PendingRepair p = waiting[base + layer];
      if (p != null) {
        drop(p);
      }
    }
    slotSeq[slot] = -1;
    slotState[slot] = UNKNOWN;
  }

  /** Unregisters {@code p} from every slot waiting on it and frees its accumulator. */
  private void drop(PendingRepair p) {
    long mask = p.missingMask;
    while (mask != 0) {
      int i = Long.numberOfTrailingZeros(mask);
      mask &= mask - 1;
      long s = p.seqAt(i);
      int slot = slotOf(s);
      if (slotSeq[slot] == s && waiting[slot * c + p.layer] == p) {
        waiting[slot * c + p.layer] = null;
      }
    }
    dropped++;
    giveArray(p.acc);
    p.acc = null;
  }

  private void claim(int slot, long seq) {
    // Any previous occupant is below the floor and was evicted, so its waiting entries are null.
    slotSeq[slot] = seq;
    slotState[slot] = UNKNOWN;
  }

  private int slotOf(long seq) {
    return (int) (seq % window);
  }

  private long[] takeArray() {
    long[] a = pool.poll();
    return a != null ? a : new long[words];
  }

  private void giveArray(long[] a) {
    if (a != null && pool.size() < POOL_LIMIT) {
      pool.push(a);
    }
  }

  private record Recovered(long seq, ByteBuf symbol) {}
}
