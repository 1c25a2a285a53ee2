package dev.smfs.server.index;

import dev.smfs.server.volume.FileType;

/** What a directory entry names: an inode, its type, and the entry's readdir cookie. */
public record Dirent(long ino, FileType type, long cookie) {
  public Dirent {
    if (ino <= 0 || cookie <= 0) {
      throw new IllegalArgumentException("ino=" + ino + " cookie=" + cookie + " must be positive");
    }
  }
}
