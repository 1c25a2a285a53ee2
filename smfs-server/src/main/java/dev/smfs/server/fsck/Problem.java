package dev.smfs.server.fsck;

import java.nio.file.Path;

/**
 * One inconsistency found by {@link Fsck}: where ({@code file} and byte {@code offset}, -1 when the
 * problem is not at a file position) and what is wrong, as key=value facts.
 */
public record Problem(Path file, long offset, String what) {
  public Problem {
    if (what == null || what.isEmpty()) {
      throw new IllegalArgumentException("what must be given");
    }
  }

  /** The one-line form fsck prints: {@code file=... offset=... problem=...}. */
  @Override
  public String toString() {
    return "file=" + file + " offset=" + offset + " problem=" + what;
  }
}
