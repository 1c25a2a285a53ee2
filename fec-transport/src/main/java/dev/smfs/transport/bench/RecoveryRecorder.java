package dev.smfs.transport.bench;

import dev.smfs.transport.session.PacketEventListener;
import java.util.BitSet;

/**
 * Records FEC recoveries at the receiver: session seq and time.
 *
 * <p>Written on the server's event loop only; read after the run, once {@code count} (volatile,
 * written last) has been read.
 */
final class RecoveryRecorder implements PacketEventListener {
  private final LongArray seqs = new LongArray();
  private final LongArray times = new LongArray();
  private volatile long firstSeq;
  private volatile int count;

  @Override
  public void onRecovered(long seq) {
    seqs.add(seq);
    times.add(System.nanoTime());
    count = count + 1;
  }

  /** The session seq of the first payload; recoveries are indexed from it. */
  void setFirstSeq(long seq) {
    firstSeq = seq;
  }

  /** Send-to-recovery latencies, given send times indexed by {@code seq - firstSeq}. */
  LatencyHistogram latencies(LongArray sendNanos) {
    int n = count;
    LatencyHistogram h = new LatencyHistogram();
    long base = firstSeq;
    for (int i = 0; i < n; i++) {
      long index = seqs.get(i) - base;
      if (index >= 0 && index < sendNanos.size()) {
        h.recordNanos(times.get(i) - sendNanos.get((int) index));
      }
    }
    return h;
  }

  /** How many of the {@code lost} packets (bits at {@code seq - firstSeq}) FEC recovered. */
  long recoveredAmong(BitSet lost) {
    int n = count;
    BitSet recovered = new BitSet();
    long base = firstSeq;
    for (int i = 0; i < n; i++) {
      long index = seqs.get(i) - base;
      if (index >= 0 && index <= Integer.MAX_VALUE) {
        recovered.set((int) index);
      }
    }
    recovered.and(lost);
    return recovered.cardinality();
  }
}
