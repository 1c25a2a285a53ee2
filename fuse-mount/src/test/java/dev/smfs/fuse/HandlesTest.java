package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandlesTest {
  @Test
  void carriesInodeAndAppendFlag() {
    long fh = Handles.of(123456789L, true);
    assertEquals(123456789L, Handles.ino(fh));
    assertTrue(Handles.append(fh));
    long plain = Handles.of(7, false);
    assertEquals(7, Handles.ino(plain));
    assertFalse(Handles.append(plain));
  }

  @Test
  void rejectsInodesThatDoNotFit() {
    assertThrows(IllegalArgumentException.class, () -> Handles.of(0, false));
    assertThrows(IllegalArgumentException.class, () -> Handles.of(1L << 62, false));
  }
}
