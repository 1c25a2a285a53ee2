package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Flag validation of {@code smfs wan-emu}; the relay itself is tested in fec-transport. */
class WanEmuCommandTest {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private String oneErrorLine() {
    return cli.oneErrorLine();
  }

  @Test
  void lossAboveOneIsAUsageError() {
    assertEquals(
        2, run("wan-emu", "--listen", "127.0.0.1:0", "--forward", "127.0.0.1:9", "--loss", "1.5"));
    assertTrue(oneErrorLine().contains("loss=1.5 must be in [0,1]"), err::toString);
  }

  @Test
  void hostWithoutPortIsAUsageError() {
    assertEquals(2, run("wan-emu", "--listen", "127.0.0.1", "--forward", "127.0.0.1:9"));
    assertTrue(oneErrorLine().contains("expected HOST:PORT"), err::toString);
  }

  @Test
  void malformedGilbertElliottIsAUsageError() {
    assertEquals(
        2, run("wan-emu", "--listen", "127.0.0.1:0", "--forward", "127.0.0.1:9", "--ge", "0.1"));
    assertTrue(oneErrorLine().contains("P_GB,P_BG,P_LOSS_BAD"), err::toString);
  }

  @Test
  void portInUseIsAOneLineFailure() throws IOException {
    try (DatagramChannel taken =
        DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
      assertEquals(1, run("wan-emu", "--listen", "127.0.0.1:" + port, "--forward", "127.0.0.1:9"));
      assertTrue(oneErrorLine().contains("cannot listen on 127.0.0.1:" + port), err::toString);
    }
  }
}
