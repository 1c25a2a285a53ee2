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
    int count = groups.group(sizes, sizes.length, maxSegments);
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
