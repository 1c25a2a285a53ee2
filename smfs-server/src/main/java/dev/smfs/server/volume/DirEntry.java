package dev.smfs.server.volume;

/**
 * One directory entry from {@link Volume#readdir}. {@code cookie} is stable for the life of the
 * entry: passing it back resumes after this entry even if other entries were added or removed.
 */
public record DirEntry(String name, long ino, FileType type, long cookie) {
  public DirEntry {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name must be non-empty");
    }
    if (cookie <= 0) {
      throw new IllegalArgumentException("cookie=" + cookie + " must be positive");
    }
  }
}
