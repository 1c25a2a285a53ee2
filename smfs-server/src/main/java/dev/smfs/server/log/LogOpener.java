package dev.smfs.server.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Opens a log directory: lists the segment files, removes leftovers of an unfinished segment
 * creation, checks every header and the LSN continuity between segments, verifies the sealed
 * segments that may not be durable ({@link SealedRecovery}) and recovers the head's tail. Durable
 * sealed segments are trusted by header here (their records are verified when read); only a sealed
 * segment whose successor was deleted has its record headers walked to find its last LSN.
 */
final class LogOpener {
  private static final System.Logger LOG = System.getLogger(LogOpener.class.getName());

  private LogOpener() {}

  /** The segments by id, the last one the writable head, and what recovery cut. */
  record Opened(ConcurrentSkipListMap<Long, Segment> segments, RecoveryReport report) {}

  static Opened load(Path dir, LogConfig config, Syncer syncer) throws IOException {
    return load(dir, config, syncer, 0, false);
  }

  /**
   * As {@link #load(Path, LogConfig, Syncer)}; records at or below {@code durableFloor} are known
   * to have been durable, so damage there is corruption. A {@code readOnly} load changes nothing on
   * disk: no directory or segment is created, no leftover removed, the tail is not cut and not
   * synced, and no head is opened for appends.
   */
  static Opened load(Path dir, LogConfig config, Syncer syncer, long durableFloor, boolean readOnly)
      throws IOException {
    if (readOnly && !Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no log directory");
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Segment.syncDirectory(parent); // the new directory's entry must survive a crash too
      }
    }
    ConcurrentSkipListMap<Long, Segment> segs = new ConcurrentSkipListMap<>();
    try {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (name.endsWith(".log.tmp") && !readOnly) {
            Files.delete(f); // a segment whose creation did not finish; it never held records
          } else if (name.matches("[0-9]{20}\\.log")) {
            long id = Long.parseLong(name.substring(0, 20));
            segs.put(id, Segment.openExisting(f, id));
          }
        }
      }
      if (segs.isEmpty() && readOnly) {
        throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no log segment");
      }
      if (segs.isEmpty()) {
        segs.put(1L, Segment.create(dir, 1, 1, syncer));
      }
      establishSealedLsns(segs, config.maxPayloadBytes());
      RecoveryReport sealedCut =
          SealedRecovery.verify(
              dir, segs, config.maxPayloadBytes(), syncer, durableFloor, readOnly);
      Segment head = segs.lastEntry().getValue();
      if (readOnly) {
        RecoveryReport report =
            TailRecovery.recover(head, config.maxPayloadBytes(), syncer, durableFloor, true);
        return new Opened(segs, report);
      }
      head.openForAppend();
      RecoveryReport report =
          TailRecovery.recover(head, config.maxPayloadBytes(), syncer, durableFloor, false);
      if (sealedCut != null) {
        report =
            new RecoveryReport(
                head.id,
                report.validBytes(),
                sealedCut.cutBytes() + report.cutBytes(),
                report.lastLsn(),
                sealedCut.reason());
      }
      head.force(syncer); // what a crashed process left in the page cache is now durable too
      if (report.truncated()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "log tail cut: file="
                + head.file
                + " offset="
                + report.validBytes()
                + " cutBytes="
                + report.cutBytes()
                + " lastLsn="
                + report.lastLsn()
                + " reason="
                + report.reason());
      }
      return new Opened(segs, report);
    } catch (IOException | RuntimeException e) {
      for (Segment s : segs.values()) {
        try {
          s.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Fills lastLsn of every sealed segment and checks LSN continuity between neighbours. */
  private static void establishSealedLsns(NavigableMap<Long, Segment> segs, int maxPayload)
      throws IOException {
    Segment prev = null;
    for (Segment s : segs.values()) {
      if (prev != null) {
        if (s.id == prev.id + 1) {
          if (s.firstLsn <= prev.firstLsn) {
            throw new CorruptRecordException(
                s.file,
                0,
                "lsn-not-increasing firstLsn=" + s.firstLsn + " previousFirstLsn=" + prev.firstLsn);
          }
          prev.lastLsn = s.firstLsn - 1;
        } else {
          prev.lastLsn = TailRecovery.lastLsnByHeaders(prev, maxPayload);
          if (s.firstLsn <= prev.lastLsn) {
            throw new CorruptRecordException(
                s.file, 0, "lsn-overlap firstLsn=" + s.firstLsn + " previousLast=" + prev.lastLsn);
          }
        }
      }
      prev = s;
    }
  }
}
