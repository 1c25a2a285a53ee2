package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FecParamsTest {

  @Test
  void defaultsAreEightThreeOneTenHundred() {
    FecParams p = FecParams.defaults();
    assertEquals(8, p.r());
    assertEquals(3, p.c());
    assertArrayEquals(new int[] {1, 10, 100}, p.interleaves());
    assertEquals(100, p.maxInterleave());
  }

  @Test
  void parseReadsTheCommandLineForm() {
    assertEquals(FecParams.defaults(), FecParams.parse("8,3", "1,10,100"));
    assertEquals(new FecParams(4, 2, new int[] {1, 7}), FecParams.parse(" 4 , 2", "1, 7"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "8       | 1,10,100 | fec must be R,C",
        "8,3,1   | 1,10,100 | fec must be R,C",
        "8,x     | 1,10,100 | element='x'",
        "''      | 1,10,100 | fec is empty",
        "8,3     | 1,10     | interleaves=2",
        "8,3     | 1,,100   | element=''",
        "1,3     | 1,10,100 | r=1",
        "65,1    | 1        | r=65",
        "8,9     | 1,1,1,1,1,1,1,1,1 | c=9",
        "8,1     | 4097     | interleave=4097",
        "8,1     | 0        | interleave=0",
      })
  void parseRejectsBadInputNamingIt(String rc, String interleaves, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FecParams.parse(rc, interleaves));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void equalityIsOverArrayContent() {
    FecParams a = new FecParams(8, 2, new int[] {1, 10});
    FecParams b = new FecParams(8, 2, new int[] {1, 10});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new FecParams(8, 2, new int[] {1, 11}));
    assertEquals("FecParams[r=8, c=2, interleaves=[1, 10]]", a.toString());
  }

  @Test
  void interleavesCannotBeChangedFromOutside() {
    int[] source = {1, 10};
    FecParams p = new FecParams(8, 2, source);
    source[0] = 99;
    p.interleaves()[1] = 99;
    assertArrayEquals(new int[] {1, 10}, p.interleaves());
  }
}
