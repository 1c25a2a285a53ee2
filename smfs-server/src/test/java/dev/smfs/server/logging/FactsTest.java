package dev.smfs.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FactsTest {
  @Test
  void plainValuesStayUnquoted() {
    assertEquals(
        "file=/a/b offset=12 lsn=null", Facts.of("file", "/a/b", "offset", 12, "lsn", null));
  }

  @Test
  void valuesWithSpacesQuotesOrEqualsAreQuoted() {
    assertEquals(
        "msg=\"a b\" q=\"x\\\"y\" e=\"k=v\" empty=\"\" nl=\"1\\n2\"",
        Facts.of("msg", "a b", "q", "x\"y", "e", "k=v", "empty", "", "nl", "1\n2"));
  }

  @Test
  void oddArgumentCountIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Facts.of("k"));
  }

  @Test
  void causeSummarisesTheChainWithoutStackTrace() {
    Exception e = new IllegalStateException("mirror gone", new IOException("Connection refused"));
    assertEquals(
        "error=IllegalStateException message=\"mirror gone\" cause=IOException"
            + " cause_message=\"Connection refused\"",
        Facts.cause(e));
  }
}
