package dev.smfs.transport.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The pre-shared key file. Two forms:
 *
 * <ul>
 *   <li>raw: exactly 32 bytes, the key (id 0);
 *   <li>text: lines of either {@code HEX} (64 hex digits, id 0; only as the sole key) or {@code ID
 *       HEX} (ID 0..255). Blank lines and lines starting with {@code #} are ignored. The first key
 *       is the one this endpoint seals with; the others are accepted too (rotation).
 * </ul>
 *
 * The file must not be accessible to group or others (mode 0600 or stricter) where the file system
 * has POSIX permissions; otherwise loading fails with a one-line {@link KeyFileException}.
 */
public final class KeyFile {
  private static final Set<PosixFilePermission> OPEN_TO_OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private KeyFile() {}

  /** Checks permissions and parses {@code file}. */
  public static KeyRing load(Path file) {
    checkPermissions(file);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyFileException("cannot read key file: file=" + file + " error=" + e, e);
    }
    if (bytes.length == KeyRing.KEY_BYTES) {
      return new KeyRing(List.of(KeyRing.Key.of(0, bytes)));
    }
    return parseText(file, new String(bytes, StandardCharsets.US_ASCII));
  }

  /**
   * Writes a new random key (one line of 64 hex digits) to {@code file}, created with mode 0600.
   * Refuses to overwrite an existing file.
   */
  public static void generate(Path file, SecureRandom random) {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    random.nextBytes(key);
    String line = HexFormat.of().formatHex(key) + "\n";
    try {
      if (Files.getFileStore(file.toAbsolutePath().getParent())
          .supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, line, StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException("key file exists, not overwriting: file=" + file, e);
    } catch (IOException e) {
      throw new KeyFileException("cannot write key file: file=" + file + " error=" + e, e);
    }
  }

  static void checkPermissions(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      perms = view.readAttributes().permissions();
    } catch (IOException e) {
      throw new KeyFileException("cannot read key file: file=" + file + " error=" + e, e);
    }
    for (PosixFilePermission p : perms) {
      if (OPEN_TO_OTHERS.contains(p)) {
        throw new KeyFileException(
            "key file is accessible by group or others, refusing it: file="
                + file
                + " mode="
                + PosixFilePermissions.toString(perms)
                + " (chmod 600 it)");
      }
    }
  }

  private static KeyRing parseText(Path file, String text) {
    List<KeyRing.Key> keys = new ArrayList<>();
    boolean bare = false;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      try {
        if (fields.length == 1) {
          bare = true;
          keys.add(KeyRing.Key.of(0, hex(fields[0])));
        } else if (fields.length == 2) {
          keys.add(KeyRing.Key.of(Integer.parseInt(fields[0]), hex(fields[1])));
        } else {
          throw new IllegalArgumentException("expected 'HEX' or 'ID HEX'");
        }
      } catch (IllegalArgumentException e) {
        // the message never contains key material: hex() reports only lengths
        throw new KeyFileException(
            "bad key file line: file=" + file + " line=" + (n + 1) + " error=" + e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException("key file holds no key: file=" + file);
    }
    if (bare && keys.size() > 1) {
      throw new KeyFileException(
          "a key without id must be the only key; use 'ID HEX' lines for several: file=" + file);
    }
    try {
      return new KeyRing(keys);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException("bad key file: file=" + file + " error=" + e.getMessage());
    }
  }

  private static byte[] hex(String s) {
    if (s.length() != 2 * KeyRing.KEY_BYTES) {
      throw new IllegalArgumentException(
          "key must be 64 hex digits (32 bytes): digits=" + s.length());
    }
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key is not hexadecimal");
    }
  }
}
