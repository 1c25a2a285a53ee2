package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
  private static List<String> options(MountOptions o) {
    String[] args = o.toArgs();
    assertEquals("-o", args[0]);
    return List.of(args[1].split(","));
  }

  @Test
  void defaultsCarryTheDocumentedOptions() {
    List<String> opts = options(MountOptions.defaults(false));
    for (String o :
        List.of(
            "fsname=smfs",
            "subtype=smfs",
            "big_writes",
            "max_write=131072",
            "hard_remove",
            "use_ino",
            "default_permissions",
            "attr_timeout=1.0",
            "entry_timeout=1.0",
            "negative_timeout=0")) {
      assertTrue(opts.contains(o), () -> o + " missing from " + opts);
    }
    assertFalse(opts.contains("allow_other"));
  }

  @Test
  void allowOtherOnlyWhenAsked() {
    assertTrue(options(MountOptions.defaults(true)).contains("allow_other"));
  }

  @Test
  void negativeTimeoutIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new MountOptions(false, -1));
  }
}
