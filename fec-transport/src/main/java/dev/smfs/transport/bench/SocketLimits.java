package dev.smfs.transport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's ceilings on socket buffer sizes ({@code net.core.rmem_max}, {@code wmem_max}). The
 * session asks for 32 MiB buffers so a receiver descheduled for a while (a loaded machine) does not
 * drop bursts in the kernel, and announces what its receive buffer got as the bound on its peer's
 * flight; the kernel silently caps the request at these ceilings. Raising a ceiling gives no socket
 * more memory by itself, only allows larger requests.
 */
final class SocketLimits {
  static final Path PROC_CORE = Path.of("/proc/sys/net/core");

  private SocketLimits() {}

  /**
   * Raises {@code dir/rmem_max} and {@code dir/wmem_max} to at least {@code bytes} where they are
   * lower and writable (root).
   *
   * @return what was done, one line per limit, e.g. {@code "rmem_max 4194304 -> 8388608"}, or
   *     {@code "rmem_max 4194304 (not writable)"}
   */
  static String raise(Path dir, long bytes) {
    return raiseOne(dir.resolve("rmem_max"), bytes)
        + ", "
        + raiseOne(dir.resolve("wmem_max"), bytes);
  }

  private static String raiseOne(Path file, long bytes) {
    String name = file.getFileName().toString();
    long current;
    try {
      // line-wise: Files.readString trusts the size /proc reports and returns a truncated value
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      current = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
    } catch (IOException | NumberFormatException e) {
      return name + " unknown";
    }
    if (current >= bytes) {
      return name + " " + current;
    }
    try {
      Files.writeString(file, Long.toString(bytes), StandardCharsets.US_ASCII);
      return name + " " + current + " -> " + bytes;
    } catch (IOException | SecurityException e) {
      return name + " " + current + " (not writable)";
    }
  }
}
