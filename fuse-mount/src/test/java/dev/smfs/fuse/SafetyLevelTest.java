package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.safety.Durability;
import org.junit.jupiter.api.Test;

class SafetyLevelTest {
  @Test
  void parsesEveryCommandLineName() {
    for (SafetyLevel level : SafetyLevel.values()) {
      assertEquals(level, SafetyLevel.parse(level.cliName()));
    }
  }

  @Test
  void unknownNameListsTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SafetyLevel.parse("fast"));
    assertTrue(
        e.getMessage().contains("async, local-sync, network-sync, remote-sync"), e::getMessage);
  }

  @Test
  void onlyTheMirroredLevelsNeedAMirror() {
    assertFalse(SafetyLevel.ASYNC.needsMirror());
    assertFalse(SafetyLevel.LOCAL_SYNC.needsMirror());
    assertTrue(SafetyLevel.NETWORK_SYNC.needsMirror());
    assertTrue(SafetyLevel.REMOTE_SYNC.needsMirror());
  }

  @Test
  void localLevelsMapToTheStoreDurabilities() {
    assertEquals(Durability.ASYNC, VolumeOpener.durability(SafetyLevel.ASYNC));
    assertEquals(Durability.LOCAL_SYNC, VolumeOpener.durability(SafetyLevel.LOCAL_SYNC));
    assertThrows(MountException.class, () -> VolumeOpener.durability(SafetyLevel.REMOTE_SYNC));
  }
}
