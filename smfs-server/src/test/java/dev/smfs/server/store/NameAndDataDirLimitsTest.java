package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names longer than 255 bytes of UTF-8 are ENAMETOOLONG in every operation taking a name, on both
 * volume implementations; a new data directory is owner-only.
 */
class NameAndDataDirLimitsTest {
  /** 255 bytes: 85 three-byte characters. */
  static final String LONGEST = "€".repeat(85);

  /** 256 bytes in 128 characters: too long although far below 255 characters. */
  static final String TOO_LONG_UTF8 = "é".repeat(128);

  static final String TOO_LONG_ASCII = "a".repeat(256);

  @TempDir static Path shared;
  private static int dirs;

  static Stream<Arguments> volumes() {
    Function<TestClock, Volume> mem = InMemoryVolume::new;
    Function<TestClock, Volume> log =
        clock -> {
          try {
            return LogVolume.open(
                shared.resolve("v" + (dirs++)), VolumeConfig.defaults(), clock, Durability.ASYNC);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return Stream.of(Arguments.of("InMemoryVolume", mem), Arguments.of("LogVolume", log));
  }

  private static void assertTooLong(Executable op) {
    FsException e = assertThrows(FsException.class, op);
    assertEquals(Errno.ENAMETOOLONG, e.errno(), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("volumes")
  void nameOf255BytesIsAccepted(String impl, Function<TestClock, Volume> factory) {
    try (Volume v = factory.apply(new TestClock())) {
      InodeAttr f = v.create(Volume.ROOT, LONGEST, 0644, 0, 0);
      assertEquals(255, LONGEST.getBytes(StandardCharsets.UTF_8).length);
      assertEquals(f.ino(), v.lookup(Volume.ROOT, LONGEST).ino());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("volumes")
  void everyNamingOperationRefusesNamesOver255Bytes(
      String impl, Function<TestClock, Volume> factory) {
    try (Volume v = factory.apply(new TestClock())) {
      InodeAttr file = v.create(Volume.ROOT, "f", 0644, 0, 0);
      v.mkdir(Volume.ROOT, "d", 0755, 0, 0);
      for (String name : new String[] {TOO_LONG_UTF8, TOO_LONG_ASCII}) {
        assertTooLong(() -> v.create(Volume.ROOT, name, 0644, 0, 0));
        assertTooLong(() -> v.mkdir(Volume.ROOT, name, 0755, 0, 0));
        assertTooLong(() -> v.symlink(Volume.ROOT, name, "target", 0, 0));
        assertTooLong(() -> v.link(file.ino(), Volume.ROOT, name));
        assertTooLong(() -> v.rename(Volume.ROOT, "f", Volume.ROOT, name));
        assertTooLong(() -> v.lookup(Volume.ROOT, name));
        assertTooLong(() -> v.unlink(Volume.ROOT, name));
        assertTooLong(() -> v.rmdir(Volume.ROOT, name));
      }
      // nothing was created or renamed by the refused operations
      assertEquals(file.ino(), v.lookup(Volume.ROOT, "f").ino());
      assertEquals(
          java.util.Set.of("f", "d"),
          v.readdir(Volume.ROOT, 0, 100).stream()
              .map(dev.smfs.server.volume.DirEntry::name)
              .filter(n -> !n.equals(".") && !n.equals(".."))
              .collect(java.util.stream.Collectors.toSet()));
    }
  }

  @Test
  void newDataDirectoryIsOwnerOnly(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("parent").resolve("data");
    try (LogVolume v =
        LogVolume.open(data, VolumeConfig.defaults(), new TestClock(), Durability.ASYNC)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }
  }

  @Test
  void existingDataDirectoryKeepsItsPermissions(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
    try (LogVolume v =
        LogVolume.open(data, VolumeConfig.defaults(), new TestClock(), Durability.ASYNC)) {
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }
  }
}
