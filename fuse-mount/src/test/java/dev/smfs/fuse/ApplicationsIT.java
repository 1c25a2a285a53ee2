package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Programs with demanding file-system use (git, SQLite) work on the mount. */
@ParameterizedClass
@EnumSource(MountedFs.Backend.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApplicationsIT {
  @Parameter MountedFs.Backend backend;
  @TempDir Path tmp;
  private MountedFs fs;

  @BeforeEach
  void setUp() throws Exception {
    fs =
        MountedFs.mount(
            backend, Files.createDirectory(tmp.resolve("mnt")), tmp.resolve("volume-data"));
  }

  @AfterEach
  void tearDown() {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void gitCommitsAndFsckFindsNoProblem() throws Exception {
    Path repo = Files.createDirectory(fs.root().resolve("repo"));
    Trees.generate(repo.resolve("src"), 300, 4);
    String[] git = {"git", "-c", "user.name=SMFS Test", "-c", "user.email=test@smfs.invalid"};
    Shell.ok(repo, "git", "init", "-q", ".");
    Shell.ok(repo, concat(git, "add", "-A"));
    Shell.ok(repo, concat(git, "commit", "-q", "-m", "first"));
    Files.writeString(repo.resolve("src/README"), "second commit\n");
    Shell.ok(repo, concat(git, "add", "-A"));
    Shell.ok(repo, concat(git, "commit", "-q", "-m", "second"));
    Shell.ok(repo, "git", "gc", "-q");
    Shell.ok(repo, "git", "fsck", "--full", "--strict");
    assertEquals("", Shell.ok(repo, "git", "status", "--porcelain").strip());
    assertEquals("2", Shell.ok(repo, "git", "rev-list", "--count", "HEAD").strip());
  }

  @Test
  void sqliteTenThousandInsertsInTransactionsPassIntegrityCheck() throws Exception {
    StringBuilder sql = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n");
    for (int tx = 0; tx < 10; tx++) {
      sql.append("BEGIN;\n");
      for (int i = 0; i < 1000; i++) {
        int id = tx * 1000 + i;
        sql.append("INSERT INTO t VALUES(").append(id).append(", 'row-").append(id).append("');\n");
      }
      sql.append("COMMIT;\n");
    }
    Path script = tmp.resolve("load.sql");
    Files.writeString(script, sql);
    Path db = fs.root().resolve("test.db");
    Shell.Result load = Shell.run(tmp, script, "sqlite3", db.toString());
    assertEquals(0, load.exitCode(), load.output());
    String check =
        Shell.ok(
            tmp,
            "sqlite3",
            db.toString(),
            "PRAGMA integrity_check; SELECT count(*), sum(id) FROM t;"
                + " SELECT v FROM t WHERE id = 4242;");
    assertEquals("ok\n10000|49995000\nrow-4242", check.strip());
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
