package dev.smfs.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesNestedValues() {
    Object v = Json.parse(" {\"a\": [1, 2.5, true, null], \"b\": {\"c\": \"x\\ny\\u0041\"}} ");
    assertEquals(
        Map.of("a", java.util.Arrays.asList(1.0, 2.5, true, null), "b", Map.of("c", "x\nyA")), v);
  }

  @Test
  void quoteEscapesWhatJsonRequires() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
    assertEquals("a\"b\\c\n\u0001", Json.parse(Json.quote("a\"b\\c\n\u0001")));
  }

  @Test
  void rejectsTrailingGarbageWithOffset() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    assertTrue(e.getMessage().contains("offset=4"), e.getMessage());
  }

  @Test
  void emptyContainersParse() {
    assertEquals(List.of(), Json.parse("[]"));
    assertEquals(Map.of(), Json.parse("{}"));
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    assertEquals("null", Json.number(Double.NaN));
    assertEquals("3", Json.number(3.0));
    assertEquals("0.25", Json.number(0.25));
  }
}
