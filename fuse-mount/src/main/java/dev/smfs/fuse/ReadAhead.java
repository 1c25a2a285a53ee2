package dev.smfs.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's read-ahead window of a FUSE mount. The kernel starts every FUSE mount at 128 KiB and
 * the INIT handshake can only lower it, so a sequential reader gets one 128 KiB READ request in
 * flight at a time: each waits for the daemon's (cold: the disk's) latency. A 1 MiB window keeps
 * eight requests in flight, which the daemon's worker threads serve in parallel. The only way up is
 * the mount's backing-device entry in sysfs, {@code /sys/class/bdi/MAJOR:MINOR/read_ahead_kb},
 * writable by root; without that right the mount keeps the kernel's default (logged, not an error).
 */
final class ReadAhead {
  private static final Logger log = LoggerFactory.getLogger(ReadAhead.class);

  /** The window asked for: eight {@code max_read}-sized requests. */
  static final int WANTED_KIB = 1024;

  static final Path SYS_BDI = Path.of("/sys/class/bdi");

  private ReadAhead() {}

  /**
   * Raises the read-ahead window of the device {@code device} ({@code major:minor}) under {@code
   * bdiRoot} to {@code kib} if it is lower. Returns the window in force afterwards in KiB, or -1 if
   * it could not be read.
   */
  static int raise(Path bdiRoot, String device, int kib) {
    Path file = bdiRoot.resolve(device).resolve("read_ahead_kb");
    int current;
    try {
      current = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      log.debug("read-ahead of device {} not readable at {}: {}", device, file, e.toString());
      return -1;
    }
    if (current >= kib) {
      return current;
    }
    try {
      Files.writeString(file, Integer.toString(kib), StandardCharsets.US_ASCII);
      return kib;
    } catch (IOException e) {
      log.info(
          "read-ahead of the mount stays at {} KiB: cannot write {} ({}); sequential first reads"
              + " are slower",
          current,
          file,
          e.toString());
      return current;
    }
  }
}
