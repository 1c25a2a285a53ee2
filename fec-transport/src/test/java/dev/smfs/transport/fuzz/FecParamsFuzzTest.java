package dev.smfs.transport.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.smfs.transport.fec.FecParams;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Fuzz target for {@link FecParams#parse}, the parser of the {@code --fec R,C} and {@code
 * --interleave I1,..} command-line values (the only configuration text parser so far).
 *
 * <p>Invariants: it returns parameters or throws {@link IllegalArgumentException} with key=value
 * facts, never another exception; what it accepts prints back to text that parses to equal
 * parameters.
 */
class FecParamsFuzzTest {

  /** Input byte 0: length of the {@code R,C} text; then that text; the rest is the interleaves. */
  @FuzzTest
  void parse(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    String rc =
        new String(in.bytes(Math.min(in.u8(), in.remaining())), StandardCharsets.ISO_8859_1);
    String interleaves = new String(in.bytes(in.remaining()), StandardCharsets.ISO_8859_1);
    FecParams p;
    try {
      p = FecParams.parse(rc, interleaves);
    } catch (IllegalArgumentException e) {
      assertTrue(String.valueOf(e.getMessage()).contains("="), "no facts: " + e.getMessage());
      return;
    }
    String canonical =
        Arrays.stream(p.interleaves()).mapToObj(Integer::toString).collect(Collectors.joining(","));
    assertEquals(p, FecParams.parse(p.r() + "," + p.c(), canonical), "canonical text of " + p);
  }
}
