package dev.smfs.server.fsck;

import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogAddress;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the index against itself and the log: every extent points at a valid data record that
 * holds exactly that file range, extents stay within their file, per-segment live bytes add up,
 * dirents name existing inodes of the right type, cookie rows and dirents match, and link counts
 * equal the names found.
 */
final class IndexCheck {
  private final Index index;
  private final Log log;
  private final Path indexDir;
  private final Path logDir;
  private final List<Problem> problems;
  long inodes;
  long extents;

  IndexCheck(Index index, Log log, Path indexDir, Path logDir, List<Problem> problems) {
    this.index = index;
    this.log = log;
    this.indexDir = indexDir;
    this.logDir = logDir;
    this.problems = problems;
  }

  private void problem(String what) {
    problems.add(new Problem(indexDir, -1, what));
  }

  void run(LogWalk walk, long lastLsn) {
    if (index.appliedLsn() > lastLsn) {
      problem("index_ahead_of_log appliedLsn=" + index.appliedLsn() + " lastLsn=" + lastLsn);
    }
    Map<Long, InodeAttr> byIno = new HashMap<>();
    index.forEachInode(a -> byIno.put(a.ino(), a));
    inodes = byIno.size();
    checkExtents(walk, byIno);
    checkNames(byIno);
  }

  private void checkExtents(LogWalk walk, Map<Long, InodeAttr> byIno) {
    Map<Long, Long> live = new HashMap<>();
    long[] prevEnd = {-1, -1}; // ino, end of the previous extent of that ino
    index.forEachExtent(
        e -> {
          extents++;
          live.merge(e.segmentId(), (long) e.length(), Long::sum);
          InodeAttr a = byIno.get(e.ino());
          if (a == null) {
            problem("extent_of_missing_inode ino=" + e.ino() + " offset=" + e.fileOffset());
          } else if (e.end() > a.size()) {
            problem("extent_beyond_size ino=" + e.ino() + " end=" + e.end() + " size=" + a.size());
          }
          if (prevEnd[0] == e.ino() && e.fileOffset() < prevEnd[1]) {
            problem("extents_overlap ino=" + e.ino() + " offset=" + e.fileOffset());
          }
          prevEnd[0] = e.ino();
          prevEnd[1] = e.end();
          checkExtentRecord(walk, e);
        });
    Map<Long, Long> indexed = index.liveBytesBySegment();
    if (!indexed.equals(live)) {
      problem("live_bytes_mismatch indexed=" + indexed + " fromExtents=" + live);
    }
  }

  private void checkExtentRecord(LogWalk walk, Extent e) {
    LogAddress address = new LogAddress(e.segmentId(), e.recordOffset());
    LogWalk.DataRecord r = walk.data.get(address);
    Path file = LogWalk.segmentFile(logDir, e.segmentId());
    String facts = "ino=" + e.ino() + " fileOffset=" + e.fileOffset() + " length=" + e.length();
    if (r == null) {
      // The walk may have stopped early in this segment (a record it could not frame): probe.
      try {
        r = walk.probe(log, address);
      } catch (IOException ex) {
        problems.add(
            new Problem(
                file,
                e.recordOffset(),
                "extent_points_at_invalid_record " + facts + " " + ex.getMessage()));
        return;
      }
    }
    if (r == null) {
      problems.add(
          new Problem(file, e.recordOffset(), "extent_points_at_no_valid_data_record " + facts));
      return;
    }
    long recordFileOffset = e.fileOffset() - (e.dataOffset() - r.dataOffset());
    if (r.lsn() != e.lsn()
        || r.ino() != e.ino()
        || e.dataOffset() < r.dataOffset()
        || e.dataOffset() - r.dataOffset() + (long) e.length() > r.length()
        || recordFileOffset != r.fileOffset()) {
      problems.add(
          new Problem(
              file,
              e.recordOffset(),
              "extent_not_covered_by_record "
                  + facts
                  + " extentLsn="
                  + e.lsn()
                  + " recordLsn="
                  + r.lsn()
                  + " recordIno="
                  + r.ino()
                  + " recordFileOffset="
                  + r.fileOffset()
                  + " recordLength="
                  + r.length()));
    }
  }

  private void checkNames(Map<Long, InodeAttr> byIno) {
    Map<Long, Integer> names = new HashMap<>();
    Map<Long, Integer> subdirs = new HashMap<>();
    index.forEachDirent(
        d -> {
          InodeAttr a = byIno.get(d.dirent().ino());
          InodeAttr parent = byIno.get(d.parent());
          if (parent == null || parent.type() != FileType.DIRECTORY) {
            problem("dirent_in_non_directory parent=" + d.parent() + " name=" + d.name());
          }
          if (a == null) {
            problem(
                "dirent_to_missing_inode parent="
                    + d.parent()
                    + " name="
                    + d.name()
                    + " ino="
                    + d.dirent().ino());
            return;
          }
          if (a.type() != d.dirent().type()) {
            problem("dirent_type_mismatch parent=" + d.parent() + " name=" + d.name());
          }
          names.merge(a.ino(), 1, Integer::sum);
          if (a.type() == FileType.DIRECTORY) {
            subdirs.merge(d.parent(), 1, Integer::sum);
            if (index.dirParent(a.ino()) != d.parent()) {
              problem(
                  "directory_parent_mismatch ino="
                      + a.ino()
                      + " dirent_parent="
                      + d.parent()
                      + " stored_parent="
                      + index.dirParent(a.ino()));
            }
          }
          if (index.readdir(d.parent(), d.dirent().cookie() - 1, 1).stream()
              .noneMatch(x -> x.getKey().equals(d.name()))) {
            problem("cookie_row_missing parent=" + d.parent() + " name=" + d.name());
          }
        });
    index.forEachCookie(
        c -> {
          if (index.dirent(c.dir(), c.name()) == null
              || index.dirent(c.dir(), c.name()).cookie() != c.cookie()) {
            problem("cookie_row_without_dirent dir=" + c.dir() + " cookie=" + c.cookie());
          }
        });
    for (InodeAttr a : byIno.values()) {
      int n = names.getOrDefault(a.ino(), 0);
      if (a.type() == FileType.DIRECTORY) {
        int expectedNames = a.ino() == Volume.ROOT ? 0 : 1;
        int expectedLinks = 2 + subdirs.getOrDefault(a.ino(), 0);
        if (a.nlink() == 0 && n == 0) {
          continue; // removed directory still open: freed at the next open
        }
        if (n != expectedNames || a.nlink() != expectedLinks) {
          problem(
              "directory_links ino="
                  + a.ino()
                  + " names="
                  + n
                  + " nlink="
                  + a.nlink()
                  + " expectedNlink="
                  + expectedLinks);
        }
      } else if (a.nlink() != n) {
        problem("nlink_mismatch ino=" + a.ino() + " nlink=" + a.nlink() + " names=" + n);
      }
    }
    if (!byIno.containsKey(Volume.ROOT)) {
      problem("root_missing");
    }
  }
}
