package dev.smfs.transport.session;

import java.util.Arrays;

/**
 * Splits one send pass into socket writes for UDP segmentation offload (GSO): datagrams of equal
 * size go together into one segmented write of at most {@code maxSegments} datagrams and {@link
 * #MAX_GROUP_BYTES} bytes, which the kernel walks through its stack once instead of once per
 * datagram.
 *
 * <p>Grouping is a stable partition by size within the pass: the datagrams of one size keep their
 * order, and groups are written in the order they were opened. A busy stream's DATA packets all
 * have one size and its REPAIR packets another, so a pass of 16 DATA and 6 REPAIR becomes two
 * writes instead of 22; each REPAIR goes at most one pass (one pacing batch, about 16 packets or a
 * quarter millisecond at 1 Gbit/s) after the DATA that completed its group, instead of right after
 * it. With {@code maxSegments == 1} (no GSO) every datagram is its own group, in pass order.
 *
 * <p>Datagrams may be marked as trailing: a REPAIR, which must not reach the receiver before the
 * DATA it covers (with one member still missing there, the receiver would "rebuild" a packet that
 * is on its way, count it lost, and take the real one as a duplicate). Trailing datagrams group
 * only with trailing ones, and their groups are written after every other group of the pass. A
 * REPAIR only ever covers DATA sent before it, so that keeps each REPAIR behind its DATA. Without
 * the mark a REPAIR could join a group of its size opened by an earlier REPAIR of the pass, and so
 * be written before the DATA between the two, which it covers.
 *
 * <p>Not thread-safe: one instance per send path, reused by every pass.
 */
final class SegmentGroups {
  /**
   * Largest sum of datagram sizes in one segmented write: a UDP datagram (the super-packet the
   * kernel segments) holds at most 65,507 payload bytes over IPv4; 65,000 leaves room.
   */
  static final int MAX_GROUP_BYTES = 65_000;

  /**
   * Most datagrams in one segmented write: the kernel's limit ({@code UDP_MAX_SEGMENTS}) is 64 on
   * older kernels and 128 on newer ones.
   */
  static final int MAX_SEGMENTS = 64;

  /** Groups searched for one of the same size before a new group is opened. */
  static final int SCAN_GROUPS = 4;

  /** Group of each datagram of the last pass, by position. */
  private int[] groupOf = new int[64];

  /** Size, datagram count and bytes of each group of the last pass, by group index. */
  private int[] groupSize = new int[16];

  private int[] groupCount = new int[16];
  private boolean[] groupTrailing = new boolean[16];

  /** Scratch for reordering the groups of a pass, kept to spare the send path garbage. */
  private int[] renumbered = new int[16];

  private int[] spareSize = new int[16];
  private int[] spareCount = new int[16];
  private int[] spareBytes = new int[16];
  private int[] groupBytes = new int[16];
  private int groups;
  private int overhead; // of the current pass

  /**
   * Groups a pass.
   *
   * @param sizes datagram sizes in pass order, each in (0, {@link #MAX_GROUP_BYTES}]
   * @param n how many of {@code sizes} belong to the pass
   * @param maxSegments most datagrams per group, 1 to {@link #MAX_SEGMENTS}
   * @return the number of groups; see {@link #groupOf} and {@link #segmentSize}
   */
  int group(int[] sizes, int n, int maxSegments) {
    return group(sizes, n, maxSegments, 0);
  }

  /**
   * As {@link #group(int[], int, int)} for datagrams that a pipeline handler grows by {@code
   * overhead} bytes each on their way to the socket (sealing): the byte limit counts them grown.
   */
  int group(int[] sizes, int n, int maxSegments, int overhead) {
    return group(sizes, null, n, maxSegments, overhead);
  }

  /**
   * As {@link #group(int[], int, int, int)}, where {@code trailing[i]} marks a datagram to be
   * written after every unmarked one of the pass (null: none is marked).
   */
  int group(int[] sizes, boolean[] trailing, int n, int maxSegments, int overhead) {
    if (maxSegments < 1 || maxSegments > MAX_SEGMENTS) {
      throw new IllegalArgumentException("maxSegments=" + maxSegments);
    }
    if (overhead < 0 || overhead >= MAX_GROUP_BYTES) {
      throw new IllegalArgumentException("overhead=" + overhead);
    }
    this.overhead = overhead;
    if (groupOf.length < n) {
      groupOf = new int[Math.max(n, 2 * groupOf.length)];
    }
    groups = 0;
    for (int i = 0; i < n; i++) {
      int size = sizes[i];
      if (size <= 0 || size + overhead > MAX_GROUP_BYTES) {
        throw new IllegalArgumentException("datagram size=" + size + " index=" + i);
      }
      boolean last = trailing != null && trailing[i];
      int g = openGroupFor(size, last, maxSegments);
      groupCount[g]++;
      groupBytes[g] += size + overhead;
      groupOf[i] = g;
    }
    if (trailing != null) {
      moveTrailingGroupsLast(n);
    }
    return groups;
  }

  /** The group of the pass's {@code index}th datagram (0-based, groups in write order). */
  int groupOf(int index) {
    return groupOf[index];
  }

  /** Size of every datagram in group {@code g}. */
  int segmentSize(int g) {
    return groupSize[g];
  }

  /** Datagrams in group {@code g}. */
  int count(int g) {
    return groupCount[g];
  }

  /**
   * The newest group of this size and kind if it has room and is among the {@link #SCAN_GROUPS}
   * newest, else a new one. Passes hold few distinct sizes (DATA, REPAIR, a short last DATA), so
   * the scan stops after a step or two; its bound keeps a pass linear whatever its sizes.
   */
  private int openGroupFor(int size, boolean trailing, int maxSegments) {
    int oldest = maxSegments == 1 ? groups : Math.max(0, groups - SCAN_GROUPS);
    for (int g = groups - 1; g >= oldest; g--) {
      if (groupSize[g] == size && groupTrailing[g] == trailing) {
        if (groupCount[g] < maxSegments && groupBytes[g] + size + overhead <= MAX_GROUP_BYTES) {
          return g;
        }
        break; // the newest group of this size is full: the next one starts after it
      }
    }
    if (groups == groupSize.length) {
      int grown = 2 * groups;
      groupSize = Arrays.copyOf(groupSize, grown);
      groupCount = Arrays.copyOf(groupCount, grown);
      groupBytes = Arrays.copyOf(groupBytes, grown);
      groupTrailing = Arrays.copyOf(groupTrailing, grown);
    }
    int g = groups++;
    groupSize[g] = size;
    groupCount[g] = 0;
    groupBytes[g] = 0;
    groupTrailing[g] = trailing;
    return g;
  }

  /**
   * Renumbers the groups so that the trailing ones come last, each kind in opening order. Nothing
   * to do in the usual pass, whose trailing groups were all opened after its other groups.
   */
  private void moveTrailingGroupsLast(int n) {
    int firstTrailing = 0;
    while (firstTrailing < groups && !groupTrailing[firstTrailing]) {
      firstTrailing++;
    }
    int g = firstTrailing;
    while (g < groups && groupTrailing[g]) {
      g++;
    }
    if (g == groups) {
      return; // already in order
    }
    if (renumbered.length < groups) {
      renumbered = new int[groupSize.length];
      spareSize = new int[groupSize.length];
      spareCount = new int[groupSize.length];
      spareBytes = new int[groupSize.length];
    }
    int next = 0;
    for (int k = 0; k < groups; k++) {
      if (!groupTrailing[k]) {
        renumbered[k] = next++;
      }
    }
    int leading = next;
    for (int k = 0; k < groups; k++) {
      if (groupTrailing[k]) {
        renumbered[k] = next++;
      }
    }
    for (int k = 0; k < groups; k++) {
      spareSize[renumbered[k]] = groupSize[k];
      spareCount[renumbered[k]] = groupCount[k];
      spareBytes[renumbered[k]] = groupBytes[k];
    }
    for (int k = 0; k < groups; k++) {
      groupSize[k] = spareSize[k];
      groupCount[k] = spareCount[k];
      groupBytes[k] = spareBytes[k];
      groupTrailing[k] = k >= leading;
    }
    for (int i = 0; i < n; i++) {
      groupOf[i] = renumbered[groupOf[i]];
    }
  }
}
