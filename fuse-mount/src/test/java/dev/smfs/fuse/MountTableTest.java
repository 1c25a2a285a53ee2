package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  @Test
  void parsesMountPointTypeSourceAndDeviceAcrossOptionalFields() {
    List<MountTable.Entry> entries =
        MountTable.parse(
            List.of(
                "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "42 27 0:39 / /tmp/m rw,nosuid,nodev,relatime - fuse.smfs smfs rw,user_id=0"));
    assertEquals(
        List.of(
            new MountTable.Entry(Path.of("/"), "ext4", "/dev/sda1", "0:21"),
            new MountTable.Entry(Path.of("/tmp/m"), "fuse.smfs", "smfs", "0:39")),
        entries);
  }

  @Test
  void unescapesOctalSpaceTabNewlineAndBackslash() {
    assertEquals("/a b\tc\nd\\e", MountTable.unescape("/a\\040b\\011c\\012d\\134e"));
  }

  @Test
  void leavesABackslashNotFollowedByThreeOctalDigits() {
    assertEquals("/a\\9x", MountTable.unescape("/a\\9x"));
  }

  @Test
  void skipsMalformedLines() {
    assertEquals(List.of(), MountTable.parse(List.of("garbage", "1 2 3 4 5 6 no-separator")));
  }
}
