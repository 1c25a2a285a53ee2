package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Send side of layered interleaving: XORs every data symbol into one open group per layer and emits
 * a repair to the {@link RepairSink} whenever a group completes or lingers out.
 *
 * <p>Layer {@code j} with interleave {@code I} assigns data packet {@code seq} to sub-stream {@code
 * k = seq mod I} at position {@code q = seq div I}. Group boundaries are a pure function of {@code
 * seq} (staggered, see {@link #packetsToBoundary}), so a group holds at most {@code r} packets and
 * never straddles a boundary, whatever sequence number the stream starts at.
 *
 * <p>Memory: one accumulator of {@code ceil(maxSymbolBytes / 8)} longs per sub-stream, allocated on
 * first use and reused for every later group; at most {@code sum(I_j) * (maxSymbolBytes + 7) <= c *
 * max(I) * (maxSymbolBytes + 7)} bytes. Per data packet nothing is allocated; per repair one {@link
 * ByteBuf} (handed to the sink) and one {@link RepairRecipe}.
 *
 * <p>Not thread-safe: one event loop owns an encoder. The sink is called on that thread, with the
 * encoder's state already consistent, and must not call back into the encoder.
 */
public final class LayeredEncoder {

  /** Default linger for partially filled groups: short enough that network-sync never stalls. */
  public static final long DEFAULT_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final FecParams params;
  private final int r;
  private final int maxSymbolBytes;
  private final RepairSink sink;
  private final ByteBufAllocator allocator;
  private final Group[][] groups;

  /** rank[j]: position of layer j when the layers are sorted by interleave, smallest first. */
  private final int[] rank;

  private final long[] scratchWords;
  private final byte[] scratchBytes;
  private final int words;

  /** Open groups, oldest first (intrusive doubly linked list); {@link #flushLingering} scans it. */
  private Group oldest;

  private Group newest;
  private int openGroups;
  private long lingerNanos = DEFAULT_LINGER_NANOS;
  private long nextSeq = -1;
  private long repairsEmitted;
  private long lingerFlushes;

  /** Encoder with the default 2 ms linger and {@link ByteBufAllocator#DEFAULT} for repairs. */
  public LayeredEncoder(FecParams p, int maxSymbolBytes, RepairSink sink) {
    this(p, maxSymbolBytes, sink, ByteBufAllocator.DEFAULT);
  }

  /**
   * @param p layering parameters
   * @param maxSymbolBytes largest symbol accepted by {@link #onData}, in [1, 65536]
   * @param sink receives every repair
   * @param allocator allocates the repair buffers handed to the sink
   */
  public LayeredEncoder(
      FecParams p, int maxSymbolBytes, RepairSink sink, ByteBufAllocator allocator) {
    if (maxSymbolBytes < 1 || maxSymbolBytes > 65536) {
      throw new IllegalArgumentException(
          "maxSymbolBytes out of range: maxSymbolBytes=" + maxSymbolBytes + " allowed=[1,65536]");
    }
    if (sink == null || allocator == null) {
      throw new IllegalArgumentException("sink and allocator are required");
    }
    this.params = p;
    this.r = p.r();
    this.maxSymbolBytes = maxSymbolBytes;
    this.sink = sink;
    this.allocator = allocator;
    this.words = XorWords.wordsFor(maxSymbolBytes);
    this.scratchWords = new long[words];
    this.scratchBytes = new byte[words << 3];
    this.groups = new Group[p.c()][];
    for (int j = 0; j < p.c(); j++) {
      groups[j] = new Group[p.interleave(j)];
    }
    this.rank = new int[p.c()];
    for (int j = 0; j < p.c(); j++) {
      for (int i = 0; i < p.c(); i++) {
        if (p.interleave(i) < p.interleave(j) || (p.interleave(i) == p.interleave(j) && i < j)) {
          rank[j]++;
        }
      }
    }
  }

  /** Sets how long a partially filled group may wait for more packets; {@code >= 0}. */
  public void setLingerNanos(long lingerNanos) {
    if (lingerNanos < 0) {
      throw new IllegalArgumentException("linger negative: lingerNanos=" + lingerNanos);
    }
    this.lingerNanos = lingerNanos;
  }

  public long lingerNanos() {
    return lingerNanos;
  }

  public FecParams params() {
    return params;
  }

  /**
   * Adds one data packet to every layer, emitting the repairs of the groups it completes.
   *
   * @param seq session-wide data sequence number; the first call may use any {@code seq >= 0},
   *     every later one must use the previous {@code seq + 1}
   * @param symbol the packet's bytes (its readable bytes, 1..maxSymbolBytes); NOT retained and not
   *     released: the caller keeps ownership, and indices are not moved
   * @param nowNanos current time, used for the linger of groups this packet opens
   */
  public void onData(long seq, ByteBuf symbol, long nowNanos) {
    int len = symbol.readableBytes();
    if (len < 1 || len > maxSymbolBytes) {
      throw new IllegalArgumentException(
          "symbol length out of range: seq=" + seq + " length=" + len + " max=" + maxSymbolBytes);
    }
    if (seq < 0 || (nextSeq >= 0 && seq != nextSeq)) {
      throw new IllegalArgumentException(
          "data seq not consecutive: expected=" + nextSeq + " actual=" + seq);
    }
    nextSeq = seq + 1;
    XorWords.load(symbol, symbol.readerIndex(), len, scratchWords);
    int symbolWords = XorWords.wordsFor(len);
    for (int j = 0; j < groups.length; j++) {
      Group[] layer = groups[j];
      int interleave = layer.length;
      int k = (int) (seq % interleave);
      Group g = layer[k];
      if (g == null) {
        g = new Group(j, interleave, new long[words]);
        layer[k] = g;
      }
      if (g.count == 0) {
        open(g, seq, nowNanos);
      }
      XorWords.xor(scratchWords, g.acc, symbolWords);
      g.count++;
      g.lengthXor ^= len;
      if (len > g.maxLen) {
        g.maxLen = len;
      }
      if (g.count == g.target) {
        emit(g);
      }
    }
  }

  /**
   * Emits every partially filled group whose first packet arrived at least the linger ago.
   *
   * @param nowNanos current time on the clock passed to {@link #onData}
   */
  public void flushLingering(long nowNanos) {
    while (oldest != null && nowNanos - oldest.openedNanos >= lingerNanos) {
      lingerFlushes++;
      emit(oldest);
    }
  }

  /**
   * As {@link #flushLingering(long)}, but only in the {@code layers} layers with the smallest
   * interleaves: what a sender needs when someone waits for a packet to be covered by {@code k =
   * layers} repairs. Those layers complete their groups soonest; flushing the wider ones too would
   * add about one repair per packet for the widest layer at moderate rates (interleave 100 holds
   * one packet per sub-stream per linger below ~50,000 packets/s) without helping that waiter.
   *
   * @param layers how many layers to flush, 0..c (c: all, like {@link #flushLingering(long)})
   */
  public void flushLingering(long nowNanos, int layers) {
    if (layers < 0 || layers > groups.length) {
      throw new IllegalArgumentException(
          "layers out of range: layers=" + layers + " c=" + groups.length);
    }
    if (layers == groups.length) {
      flushLingering(nowNanos);
      return;
    }
    Group g = oldest;
    while (g != null && nowNanos - g.openedNanos >= lingerNanos) {
      Group next = g.next;
      if (rank[g.layer] < layers) {
        lingerFlushes++;
        emit(g);
      }
      g = next;
    }
  }

  /**
   * When the oldest open group lingers out: the earliest {@code nowNanos} at which {@link
   * #flushLingering} emits something, or {@link Long#MAX_VALUE} with no open group. Lets the
   * session arm one timer instead of polling.
   */
  public long lingerDeadlineNanos() {
    return oldest == null ? Long.MAX_VALUE : oldest.openedNanos + lingerNanos;
  }

  /** Emits every open group now, complete or not (end of stream, tests). */
  public void flushAll() {
    while (oldest != null) {
      emit(oldest);
    }
  }

  /** Number of groups holding at least one packet and not yet emitted. */
  public int openGroups() {
    return openGroups;
  }

  public long repairsEmitted() {
    return repairsEmitted;
  }

  /** Repairs emitted by {@link #flushLingering} before their group was full. */
  public long lingerFlushes() {
    return lingerFlushes;
  }

  /**
   * Stagger: packets from {@code seq} (inclusive) to the end of its group in a layer with
   * interleave {@code interleave}. In sub-stream {@code k} a group ends at position {@code q} when
   * {@code (q + k mod r) mod r == r - 1}: sub-stream {@code k}'s groups are shifted by {@code k mod
   * r} positions, so within one round of {@code I} consecutive packets only the sub-streams with
   * one residue of {@code k mod r} complete, and those are {@code r} packets apart. Repairs are
   * thus spread evenly instead of all {@code I} of a layer completing in the same round.
   */
  static int packetsToBoundary(long seq, int interleave, int r) {
    long q = seq / interleave;
    int k = (int) (seq % interleave);
    int pos = (int) ((q + k % r) % r);
    return r - pos;
  }

  private void open(Group g, long seq, long nowNanos) {
    g.firstSeq = seq;
    g.target = packetsToBoundary(seq, g.interleave, r);
    g.openedNanos = nowNanos;
    g.prev = newest;
    g.next = null;
    if (newest == null) {
      oldest = g;
    } else {
      newest.next = g;
    }
    newest = g;
    openGroups++;
  }

  private void emit(Group g) {
    RepairRecipe recipe = new RepairRecipe(g.layer, g.firstSeq, g.interleave, g.count);
    int lengthXor = g.lengthXor;
    int len = g.maxLen;
    ByteBuf xor = allocator.buffer(len, len);
    boolean handedOver = false;
    try {
      XorWords.store(g.acc, len, scratchBytes, xor);
      Arrays.fill(g.acc, 0, XorWords.wordsFor(len), 0L);
      g.count = 0;
      g.lengthXor = 0;
      g.maxLen = 0;
      unlink(g);
      repairsEmitted++;
      handedOver = true;
      sink.onRepair(recipe, lengthXor, xor);
    } finally {
      if (!handedOver) {
        xor.release();
      }
    }
  }

  private void unlink(Group g) {
    if (g.prev == null) {
      oldest = g.next;
    } else {
      g.prev.next = g.next;
    }
    if (g.next == null) {
      newest = g.prev;
    } else {
      g.next.prev = g.prev;
    }
    g.prev = null;
    g.next = null;
    openGroups--;
  }

  /** One sub-stream's accumulator; {@code count == 0} means no open group. */
  private static final class Group {
    final int layer;
    final int interleave;
    final long[] acc;
    long firstSeq;
    int target;
    int count;
    int lengthXor;
    int maxLen;
    long openedNanos;
    Group prev;
    Group next;

    Group(int layer, int interleave, long[] acc) {
      this.layer = layer;
      this.interleave = interleave;
      this.acc = acc;
    }
  }
}
