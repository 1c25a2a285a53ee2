package dev.smfs.cli.config;

import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.session.SessionConfig;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules of a {@code smfs mount} file that join several keys, checked once every key has its own
 * type, so that a file the parser accepts is one {@code smfs mount} accepts too: {@code fec} and
 * {@code interleave} together (without {@code interleave}, the first C of 1, 10, 100, 1000, 4096,
 * as {@code MountCommand.fecParams} derives them) must make {@link FecParams} that the session
 * accepts (its window grown as {@link SessionConfig#withFecGrowingWindow} grows it), and {@code
 * min-repairs} must not exceed C. Errors name the later of the keys involved and its line.
 */
final class MountFileCheck implements Schema.FileCheck {
  private static final int[] DEFAULT_INTERLEAVES = {1, 10, 100, 1000, 4096, 4096, 4096, 4096};

  @Override
  public void check(ConfigValues values) {
    Optional<ConfigValues.Entry> fec = Optional.ofNullable(values.entries().get("fec"));
    Optional<ConfigValues.Entry> interleave =
        Optional.ofNullable(values.entries().get("interleave"));
    FecParams params = FecParams.defaults();
    if (fec.isPresent() || interleave.isPresent()) {
      ConfigValues.Entry blame = later(fec, interleave);
      List<?> rc = fec.<List<?>>map(e -> (List<?>) e.value()).orElse(List.of(8, 3));
      int c = ((Number) rc.get(1)).intValue();
      String interleaves =
          interleave
              .map(e -> join((List<?>) e.value()))
              .orElseGet(() -> join(defaultInterleaves(c)));
      try {
        params = FecParams.parse(rc.get(0) + "," + c, interleaves);
        SessionConfig.defaults().withFecGrowingWindow(params);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            values.file(),
            blame.line(),
            blame.key(),
            "fec and interleave do not fit together: " + e.getMessage());
      }
    }
    ConfigValues.Entry minRepairs = values.entries().get("min-repairs");
    if (minRepairs != null && ((Number) minRepairs.value()).longValue() > params.c()) {
      throw new ConfigException(
          values.file(),
          minRepairs.line(),
          minRepairs.key(),
          "exceeds the FEC's C: min-repairs=" + minRepairs.value() + " c=" + params.c());
    }
  }

  private static List<Integer> defaultInterleaves(int c) {
    return java.util.Arrays.stream(DEFAULT_INTERLEAVES).limit(c).boxed().toList();
  }

  private static String join(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static ConfigValues.Entry later(
      Optional<ConfigValues.Entry> a, Optional<ConfigValues.Entry> b) {
    if (a.isEmpty()) {
      return b.orElseThrow();
    }
    if (b.isEmpty()) {
      return a.get();
    }
    return a.get().line() > b.get().line() ? a.get() : b.get();
  }
}
