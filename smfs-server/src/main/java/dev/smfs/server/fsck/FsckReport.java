package dev.smfs.server.fsck;

import java.util.List;

/** What {@link Fsck} checked and found. Clean when {@link #problems()} is empty. */
public record FsckReport(
    int segments, long records, long inodes, long extents, List<Problem> problems) {
  public FsckReport {
    problems = List.copyOf(problems);
  }

  public boolean clean() {
    return problems.isEmpty();
  }
}
