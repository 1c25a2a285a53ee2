package dev.smfs.server.testing;

import dev.smfs.server.volume.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * A volume plus the open handles that {@link VolumeOp.Open} created on it, so that later ops can
 * read, write and release an inode through its handle even after its last name is gone. Handles are
 * numbered in opening order; two volumes given the same op sequence with the same results have the
 * same handle table. Not thread-safe.
 */
public final class OpContext {
  private final Volume volume;
  private final List<Long> handles = new ArrayList<>();

  public OpContext(Volume volume) {
    this.volume = volume;
  }

  public Volume volume() {
    return volume;
  }

  public int handleCount() {
    return handles.size();
  }

  /** The inode of handle {@code k mod count}, or -1 when nothing is open. */
  public long handleIno(int k) {
    return handles.isEmpty() ? -1 : handles.get(Math.floorMod(k, handles.size()));
  }

  void addHandle(long ino) {
    handles.add(ino);
  }

  void removeHandle(int k) {
    handles.remove(Math.floorMod(k, handles.size()));
  }

  /** Releases every handle on the volume, as a process exit would. */
  public void releaseAll() {
    for (long ino : handles) {
      volume.release(ino);
    }
    handles.clear();
  }

  /** Forgets every handle without touching the volume (the volume itself crashed). */
  public void dropAll() {
    handles.clear();
  }
}
