package dev.smfs.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusRenderTest {
  private static Map<String, Object> facts() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("lag_lsn", 5L);
    inner.put("state", null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", "primary");
    m.put("ok", true);
    m.put("loss", 2.5e-6);
    m.put("mirror", inner);
    m.put("list", Arrays.asList(1, 2));
    return m;
  }

  @Test
  void jsonIsOneObject() {
    assertEquals(
        "{\"role\":\"primary\",\"ok\":true,\"loss\":2.5E-6,\"mirror\":{\"lag_lsn\":5,"
            + "\"state\":null},\"list\":[1,2]}",
        StatusRender.json(facts()));
  }

  @Test
  void tableIndentsSectionsAndShowsAbsentAsDash() {
    assertEquals(
        "role:   primary\nok:     true\nloss:   2.500e-06\nmirror:\n  lag lsn: 5\n"
            + "  state:   -\nlist:   [1, 2]\n",
        StatusRender.table(facts()));
  }

  @Test
  void listsOfMapsBecomeNumberedSections() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("volumes", List.of(Map.of("uuid", "a")));
    assertEquals("volumes [0]:\n  uuid: a\n", StatusRender.table(m));
  }
}
