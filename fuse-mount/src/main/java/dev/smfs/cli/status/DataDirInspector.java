package dev.smfs.cli.status;

import dev.smfs.server.status.StatusFile;
import dev.smfs.server.status.StatusReport;
import dev.smfs.server.status.StatusReport.FecStatus;
import dev.smfs.server.status.StatusReport.MirrorLink;
import dev.smfs.server.status.StatusReport.VolumeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * Reads what a data directory says about itself without disturbing a daemon running on it: it lists
 * files, sums sizes and reads {@code status.json}; it takes no lock and opens nothing for writing.
 * A status file counts as live when it is younger than {@link #STALE_AFTER_MILLIS} and its writer's
 * pid is alive.
 *
 * <p>Stateless apart from the injected clock and pid check; thread-safe.
 */
public final class DataDirInspector {
  /** Five missed rewrites (the daemon rewrites every second). */
  public static final long STALE_AFTER_MILLIS = 5_000;

  private final long nowMillis;
  private final LongPredicate pidAlive;

  public DataDirInspector(long nowMillis, LongPredicate pidAlive) {
    this.nowMillis = nowMillis;
    this.pidAlive = pidAlive;
  }

  /** Inspector on the system clock and process table. */
  public static DataDirInspector system() {
    return new DataDirInspector(
        System.currentTimeMillis(),
        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /**
   * Facts about {@code dir}, in display order (values: String, Number, Boolean, null, List, Map).
   *
   * @throws IllegalArgumentException when {@code dir} is not a directory
   * @throws dev.smfs.server.status.StatusFileException when status.json is unreadable or corrupt
   */
  public Map<String, Object> inspect(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a data directory: dir=" + dir);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", "data");
    out.put("data_dir", dir.toAbsolutePath().normalize().toString());
    Optional<StatusReport> status = StatusFile.read(dir);
    String daemon;
    if (status.isEmpty()) {
      daemon = "not running";
    } else {
      long age = nowMillis - status.get().writtenAtMillis();
      boolean live = age <= STALE_AFTER_MILLIS && pidAlive.test(status.get().pid());
      daemon = live ? "running" : "stale status (daemon gone?)";
    }
    out.put("daemon", daemon);
    out.put("lock_file", Files.exists(dir.resolve("LOCK")));
    status.ifPresent(s -> putStatus(out, s));
    out.put("disk", disk(dir));
    return out;
  }

  private void putStatus(Map<String, Object> out, StatusReport s) {
    out.put("role", s.role().tag());
    out.put("pid", s.pid());
    out.put("version", s.version());
    out.put("status_age_s", Math.max(0, nowMillis - s.writtenAtMillis()) / 1000.0);
    out.put("safety", s.safety());
    List<Object> volumes = new ArrayList<>();
    for (VolumeStatus v : s.volumes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("uuid", v.uuid());
      m.put("epoch", v.epoch());
      m.put("last_lsn", v.lastLsn());
      m.put("durable_lsn", v.durableLsn());
      m.put("mirror_durable_lsn", v.mirrorDurableLsn() < 0 ? null : v.mirrorDurableLsn());
      volumes.add(m);
    }
    out.put("volumes", volumes);
    MirrorLink link = s.mirror();
    if (link != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", link.address());
      m.put("state", link.state().tag());
      m.put("lag_lsn", link.lagLsn());
      m.put("lag_bytes", link.lagBytes());
      m.put("lag_seconds", link.lagSeconds());
      out.put("mirror", m);
    }
    FecStatus fec = s.fec();
    if (fec != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("r", fec.r());
      m.put("c", fec.c());
      m.put("interleaves", fec.interleaves());
      m.put("min_repairs", fec.minRepairs());
      m.put("observed_loss", Double.isNaN(fec.observedLoss()) ? null : fec.observedLoss());
      double q = fec.packetLossProbability();
      m.put("in_flight_packet_loss_probability", Double.isNaN(q) ? null : q);
      out.put("fec", m);
    }
  }

  private static Map<String, Object> disk(Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    long[] filesAndBytes = new long[2];
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(
          p -> {
            try {
              if (Files.isRegularFile(p)) {
                filesAndBytes[0]++;
                filesAndBytes[1] += Files.size(p);
              }
            } catch (NoSuchFileException e) {
              // Deleted by the daemon (cleaner, status rename) while we walked: not counted.
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      FileStore store = Files.getFileStore(dir);
      m.put("files", filesAndBytes[0]);
      m.put("data_bytes", filesAndBytes[1]);
      m.put("fs_free_bytes", store.getUsableSpace());
      m.put("fs_total_bytes", store.getTotalSpace());
    } catch (IOException | UncheckedIOException e) {
      m.put("error", "disk usage unavailable: dir=" + dir + " error=" + e.getMessage());
    }
    return m;
  }
}
