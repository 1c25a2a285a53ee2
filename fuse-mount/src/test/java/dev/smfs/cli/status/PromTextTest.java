package dev.smfs.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromTextTest {
  @Test
  void parsesCommentsPlainAndLabelledSamples() {
    List<PromSample> s =
        PromText.parse(
            "# HELP x y\n# TYPE a counter\na_total 3.0\n"
                + "b{role=\"mirror\",v=\"q\\\"x\"} 1.0 1700000000\nc +Inf\n");
    assertEquals(
        List.of(
            new PromSample("a_total", Map.of(), 3.0),
            new PromSample("b", Map.of("role", "mirror", "v", "q\"x"), 1.0),
            new PromSample("c", Map.of(), Double.POSITIVE_INFINITY)),
        s);
  }

  @Test
  void malformedLineNamesItsNumber() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PromText.parse("ok 1\nbad\n"));
    assertEquals(true, e.getMessage().contains("line=2"), e.getMessage());
  }
}
