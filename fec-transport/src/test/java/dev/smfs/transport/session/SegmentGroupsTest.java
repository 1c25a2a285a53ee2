package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentGroupsTest {
  private final SegmentGroups groups = new SegmentGroups();

  /** Groups as lists of pass positions, in write order. */
  private List<List<Integer>> group(int maxSegments, int... sizes) {
    return group(null, maxSegments, sizes);
  }

  /** As above, {@code trailing} marking the datagrams written after every unmarked one. */
  private List<List<Integer>> group(boolean[] trailing, int maxSegments, int... sizes) {
    int count = groups.group(sizes, trailing, sizes.length, maxSegments, 0);
    List<List<Integer>> out = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < sizes.length; i++) {
      out.get(groups.groupOf(i)).add(i);
      assertEquals(sizes[i], groups.segmentSize(groups.groupOf(i)), "size of datagram " + i);
    }
    for (int g = 0; g < count; g++) {
      assertEquals(out.get(g).size(), groups.count(g), "count of group " + g);
    }
    return out;
  }

  @Test
  void equalSizesShareOneWrite() {
    assertEquals(List.of(List.of(0, 1, 2, 3)), group(64, 1442, 1442, 1442, 1442));
  }

  @Test
  void repairsInterleavedWithDataFollowTheDataInTheirOwnWrite() {
    // D D R D R D: DATA keep their order, REPAIR keep theirs
    assertEquals(
        List.of(List.of(0, 1, 3, 5), List.of(2, 4)), group(64, 1442, 1442, 1460, 1442, 1460, 1442));
  }

  @Test
  void trailingRepairsStillShareAWriteBehindTheirData() {
    boolean[] repairs = {false, false, true, false, true, false};
    assertEquals(
        List.of(List.of(0, 1, 3, 5), List.of(2, 4)),
        group(repairs, 64, 1442, 1442, 1460, 1442, 1460, 1442));
  }

  /**
   * R D D R: the second REPAIR covers the DATA before it. Unmarked it joins the first REPAIR's
   * group, which is written before that DATA; marked, the REPAIRs' write goes after the DATA's.
   */
  @Test
  void aRepairNeverOvertakesTheDataBeforeIt() {
    int[] sizes = {1460, 1442, 1442, 1460};
    assertEquals(List.of(List.of(0, 3), List.of(1, 2)), group(64, sizes));
    assertEquals(
        List.of(List.of(1, 2), List.of(0, 3)),
        group(new boolean[] {true, false, false, true}, 64, sizes));
  }

  /** Trailing groups keep their opening order, and never mix with DATA of the same size. */
  @Test
  void trailingGroupsComeLastInOpeningOrderAndApartFromDataOfTheirSize() {
    // R(800) D(1442) R(1460) D(800, a short last DATA) R(800)
    boolean[] repairs = {true, false, true, false, true};
    assertEquals(
        List.of(List.of(1), List.of(3), List.of(0, 4), List.of(2)),
        group(repairs, 64, 800, 1442, 1460, 800, 800));
  }

  /** Without segmentation too, and past the 16 groups the arrays start with: REPAIRs go last. */
  @Test
  void manyGroupsReorderWithTheRepairsLast() {
    int n = 40;
    int[] sizes = new int[n];
    boolean[] repairs = new boolean[n];
    List<List<Integer>> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      repairs[i] = i % 2 == 0; // R D R D ...
      sizes[i] = repairs[i] ? 1460 : 1442;
      if (!repairs[i]) {
        expected.add(List.of(i));
      }
    }
    for (int i = 0; i < n; i += 2) {
      expected.add(List.of(i));
    }
    assertEquals(expected, group(repairs, 1, sizes));
    assertEquals(expected, group(repairs, 1, sizes)); // again, with the scratch arrays grown
  }

  @Test
  void withoutSegmentationEveryDatagramIsItsOwnWriteInPassOrder() {
    assertEquals(
        List.of(List.of(0), List.of(1), List.of(2), List.of(3)), group(1, 1442, 1460, 1442, 1442));
  }

  @Test
  void aGroupHoldsAtMostMaxSegmentsDatagrams() {
    int[] sizes = new int[10];
    Arrays.fill(sizes, 100);
    assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9)), group(4, sizes));
  }

  @Test
  void aGroupHoldsAtMostMaxGroupBytes() {
    int[] sizes = new int[50];
    Arrays.fill(sizes, 1442);
    List<List<Integer>> out = group(SegmentGroups.MAX_SEGMENTS, sizes);
    int perGroup = SegmentGroups.MAX_GROUP_BYTES / 1442; // 45
    assertEquals(2, out.size());
    assertEquals(perGroup, out.get(0).size());
    assertEquals(50 - perGroup, out.get(1).size());
  }

  @Test
  void theByteLimitCountsWhatAPipelineHandlerAddsToEachDatagram() {
    int[] sizes = new int[50];
    Arrays.fill(sizes, 1442);
    int count = groups.group(sizes, sizes.length, SegmentGroups.MAX_SEGMENTS, 28);
    int perGroup = SegmentGroups.MAX_GROUP_BYTES / (1442 + 28); // 44: grown, 45 would not fit
    assertEquals(2, count);
    assertEquals(perGroup, groups.count(0));
    assertEquals(50 - perGroup, groups.count(1));
  }

  @Test
  void aFullGroupIsFollowedByANewOneAfterTheGroupsBetween() {
    // sizes A A R A with room for 2: [A A] [R] [A]
    assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3)), group(2, 500, 500, 600, 500));
  }

  @Test
  void aSizeNotSeenWithinTheScanOpensANewGroup() {
    // five distinct sizes after the first: the first size's group is beyond the scan
    int[] sizes = {100, 200, 300, 400, 500, 600, 100};
    List<List<Integer>> out = group(64, sizes);
    assertEquals(7, out.size());
    assertEquals(List.of(6), out.get(6));
  }

  @Test
  void groupingIsReusableAcrossPasses() {
    group(64, 1442, 1460, 1442);
    assertEquals(List.of(List.of(0)), group(64, 77));
  }

  @Test
  void emptyOrOversizedDatagramIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> groups.group(new int[] {0}, 1, 64));
    assertThrows(
        IllegalArgumentException.class,
        () -> groups.group(new int[] {SegmentGroups.MAX_GROUP_BYTES + 1}, 1, 64));
    assertThrows(IllegalArgumentException.class, () -> groups.group(new int[] {10}, 1, 65));
  }
}
