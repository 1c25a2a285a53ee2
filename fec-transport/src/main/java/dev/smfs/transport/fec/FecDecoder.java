package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.IntConsumer;

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

  /** Spare word arrays kept for reuse; more are left to the garbage collector. */
  private static final int POOL_LIMIT = 64;

  private final int c;
  private final int maxSymbolBytes;
  private final int words;
  private final RecoverySink sink;
  private final ByteBufAllocator allocator;
  private final SymbolWindow window;
  private final IntConsumer onEvict = this::evict;
  private final byte[] scratch;
  private final ArrayDeque<long[]> pool = new ArrayDeque<>();
  private final ArrayDeque<PendingRepair> ready = new ArrayDeque<>();
  private final ArrayDeque<Recovered> toReport = new ArrayDeque<>();

  private int pending;
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
   * @param p layering parameters (repairs of layer {@code >= c} are invalid)
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
    this.words = XorWords.wordsFor(maxSymbolBytes);
    this.sink = sink;
    this.allocator = allocator;
    this.window = new SymbolWindow(windowPackets, c);
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
    if (seq < window.floor()) {
      lateData++;
      return;
    }
    window.advanceTo(seq, onEvict);
    int slot = window.slotOf(seq);
    if (!window.holds(slot, seq)) {
      window.claim(slot, seq);
    } else if (window.state(slot) != SymbolWindow.UNKNOWN) {
      return;
    }
    long[] data = window.data(slot);
    if (data == null) {
      data = takeArray();
    }
    XorWords.load(symbol, symbol.readerIndex(), len, data);
    window.setKnown(slot, SymbolWindow.RECEIVED, len, data);
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
      if (recipe.firstSeq() < window.floor()) {
        dropped++;
        return;
      }
      window.advanceTo(recipe.lastSeq(), onEvict);
      if (recipe.firstSeq() < window.floor()) {
        // The recipe is wider than the window.
        dropped++;
        return;
      }
      admit(recipe, lengthXor, xor, xorBytes);
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
    if (seq > window.floor()) {
      window.raiseFloor(seq, onEvict);
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

  /** Repairs currently waiting for packets; at most {@code windowPackets * c / 2}. */
  public int pendingRepairs() {
    return pending;
  }

  /** Lowest tracked sequence number. */
  public long floor() {
    return window.floor();
  }

  /** XORs out the known members of a new repair and registers it with its missing ones. */
  private void admit(RepairRecipe recipe, int lengthXor, ByteBuf xor, int xorBytes) {
    int layer = recipe.layer();
    long mask = 0;
    int missing = 0;
    for (int i = 0; i < recipe.count(); i++) {
      long s = recipe.seqAt(i);
      if (!window.isKnown(s)) {
        int slot = window.slotOf(s);
        if (window.holds(slot, s) && window.waiting(slot, layer) != null) {
          repairsInvalid++;
          return;
        }
        mask |= 1L << i;
        missing++;
      }
    }
    if (missing == 0) {
      repairsUseless++;
      return;
    }
    long[] acc = takeArray();
    XorWords.load(xor, xor.readerIndex(), xorBytes, acc);
    Arrays.fill(acc, XorWords.wordsFor(xorBytes), words, 0L);
    PendingRepair p = new PendingRepair(recipe, xorBytes, lengthXor, acc);
    for (int i = 0; i < recipe.count(); i++) {
      long s = recipe.seqAt(i);
      int slot = window.slotOf(s);
      if ((mask & (1L << i)) == 0) {
        int len = window.length(slot);
        XorWords.xor(window.data(slot), acc, XorWords.wordsFor(len));
        p.lengthXor ^= len;
      } else {
        if (!window.holds(slot, s)) {
          window.claim(slot, s);
        }
        window.setWaiting(slot, layer, p);
      }
    }
    p.missingMask = mask;
    p.missing = missing;
    pending++;
    if (missing == 1) {
      ready.add(p);
    }
  }

  /** Slot {@code slot} now holds a known symbol: feed it to the repairs waiting for it. */
  private void becameKnown(int slot, long seq) {
    for (int layer = 0; layer < c; layer++) {
      PendingRepair p = window.waiting(slot, layer);
      if (p == null) {
        continue;
      }
      window.setWaiting(slot, layer, null);
      int len = window.length(slot);
      XorWords.xor(window.data(slot), p.acc, XorWords.wordsFor(len));
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
      pending--;
      if (p.missing == 0) {
        repairsUseless++;
        retire(p);
      } else {
        recoverLast(p);
      }
    }
  }

  private void recoverLast(PendingRepair p) {
    long seq = p.seqAt(Long.numberOfTrailingZeros(p.missingMask));
    int slot = window.slotOf(seq);
    window.setWaiting(slot, p.layer, null);
    int len = p.lengthXor;
    if (len < 1 || len > p.xorBytes) {
      repairsInvalid++;
      retire(p);
      return;
    }
    long[] data = p.acc;
    p.acc = null;
    XorWords.clearFrom(data, len, words);
    giveArray(window.setKnown(slot, SymbolWindow.RECOVERED, len, data));
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

  /**
   * {@link SymbolWindow} eviction: repairs still waiting for the slot's symbol can never finish.
   */
  private void evict(int slot) {
    for (int layer = 0; layer < c; layer++) {
      PendingRepair p = window.waiting(slot, layer);
      if (p != null) {
        drop(p);
      }
    }
  }

  /** Unregisters {@code p} from every slot waiting on it and frees its accumulator. */
  private void drop(PendingRepair p) {
    long mask = p.missingMask;
    while (mask != 0) {
      long s = p.seqAt(Long.numberOfTrailingZeros(mask));
      mask &= mask - 1;
      int slot = window.slotOf(s);
      if (window.holds(slot, s) && window.waiting(slot, p.layer) == p) {
        window.setWaiting(slot, p.layer, null);
      }
    }
    pending--;
    dropped++;
    retire(p);
  }

  private void retire(PendingRepair p) {
    giveArray(p.acc);
    p.acc = null;
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
