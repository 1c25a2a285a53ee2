package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml gives per-area levels from SMFS_LOG_LEVEL and SMFS_LOG_LEVEL_<AREA>. */
class LogbackConfigTest {

  private static LoggerContext configure(String... properties) throws Exception {
    LoggerContext context = new LoggerContext();
    for (int i = 0; i < properties.length; i += 2) {
      context.putProperty(properties[i], properties[i + 1]);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL url = LogbackConfigTest.class.getResource("/logback.xml");
    configurator.doConfigure(url);
    return context;
  }

  @Test
  void defaultsAreInfoForSmfsAndWarnForLibraries() throws Exception {
    LoggerContext c = configure();
    assertEquals(Level.INFO, c.getLogger("dev.smfs.transport.session.Session").getEffectiveLevel());
    assertEquals(Level.WARN, c.getLogger("io.netty.channel").getEffectiveLevel());
  }

  @Test
  void globalLevelAppliesToEveryArea() throws Exception {
    LoggerContext c = configure("SMFS_LOG_LEVEL", "DEBUG");
    assertEquals(Level.DEBUG, c.getLogger("dev.smfs.server.log.Log").getEffectiveLevel());
    assertEquals(Level.DEBUG, c.getLogger("dev.smfs.mirror.X").getEffectiveLevel());
  }

  @Test
  void areaLevelOverridesTheGlobalOne() throws Exception {
    LoggerContext c = configure("SMFS_LOG_LEVEL", "WARN", "SMFS_LOG_LEVEL_TRANSPORT", "TRACE");
    assertEquals(Level.TRACE, c.getLogger("dev.smfs.transport.fec.X").getEffectiveLevel());
    assertEquals(Level.WARN, c.getLogger("dev.smfs.cli.Smfs").getEffectiveLevel());
  }
}
