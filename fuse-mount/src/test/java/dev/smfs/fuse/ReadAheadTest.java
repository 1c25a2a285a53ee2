package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {
  @TempDir Path bdi;

  private Path device(String dev, String content) throws IOException {
    Path d = Files.createDirectories(bdi.resolve(dev));
    return Files.writeString(d.resolve("read_ahead_kb"), content);
  }

  @Test
  void raisesALowerWindow() throws IOException {
    Path f = device("0:39", "128\n");
    assertEquals(1024, ReadAhead.raise(bdi, "0:39", 1024));
    assertEquals("1024", Files.readString(f));
  }

  @Test
  void leavesALargerWindowAlone() throws IOException {
    Path f = device("0:40", "4096\n");
    assertEquals(4096, ReadAhead.raise(bdi, "0:40", 1024));
    assertEquals("4096\n", Files.readString(f));
  }

  @Test
  void aMissingDeviceEntryIsReportedNotThrown() {
    assertEquals(-1, ReadAhead.raise(bdi, "0:41", 1024));
  }

  @Test
  void anEntryThatIsNotANumberIsReportedNotThrown() throws IOException {
    device("0:42", "many\n");
    assertEquals(-1, ReadAhead.raise(bdi, "0:42", 1024));
  }
}
