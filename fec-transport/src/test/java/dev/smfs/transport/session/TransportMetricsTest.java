package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.smfs.transport.codec.MalformedReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TransportMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TransportMetrics metrics = new TransportMetrics(registry);

  @Test
  void everyDocumentedMeterIsRegistered() {
    for (String name :
        new String[] {
          "smfs_transport_packets_sent",
          "smfs_transport_packets_received",
          "smfs_transport_repairs_sent",
          "smfs_transport_fec_recovered",
          "smfs_transport_retransmitted",
          "smfs_transport_naks",
          "smfs_transport_bytes_delivered"
        }) {
      assertNotNull(registry.find(name).counter(), name);
    }
    assertNotNull(registry.find("smfs_transport_rtt").timer());
  }

  @Test
  void malformedDropsAreCountedPerReasonTag() {
    metrics.countMalformed(MalformedReason.BAD_CRC);
    metrics.countMalformed(MalformedReason.BAD_CRC);
    metrics.countMalformed(MalformedReason.TRUNCATED);
    assertEquals(
        2.0,
        registry
            .find("smfs_transport_malformed_dropped")
            .tag("reason", "bad_crc")
            .counter()
            .count());
    assertEquals(1.0, metrics.malformedDropped(MalformedReason.TRUNCATED));
    assertEquals(0.0, metrics.malformedDropped(MalformedReason.BAD_MAGIC));
  }

  @Test
  void deliveredBytesAccumulate() {
    metrics.countDelivered(100);
    metrics.countDelivered(28);
    assertEquals(128.0, metrics.bytesDelivered());
  }

  @Test
  void fecConfigIsTaggedWithTheSessionsParameters() {
    metrics.registerFecConfig(dev.smfs.transport.fec.FecParams.parse("8,3", "1,10,100"));
    assertEquals(
        1.0,
        registry
            .find("smfs_transport_fec_config")
            .tag("r", "8")
            .tag("c", "3")
            .tag("interleaves", "1-10-100")
            .gauge()
            .value());
  }

  @Test
  void fecConfigSeriesLastsAsLongAsASessionUsesThoseParameters() {
    dev.smfs.transport.fec.FecParams a = dev.smfs.transport.fec.FecParams.parse("8,3", "1,10,100");
    dev.smfs.transport.fec.FecParams b = dev.smfs.transport.fec.FecParams.parse("6,2", "1,5");
    metrics.registerFecConfig(a);
    metrics.registerFecConfig(dev.smfs.transport.fec.FecParams.parse("8,3", "1,10,100"));
    metrics.registerFecConfig(b);
    assertEquals(2, registry.find("smfs_transport_fec_config").gauges().size());
    metrics.unregisterFecConfig(a);
    assertEquals(2, registry.find("smfs_transport_fec_config").gauges().size(), "one 8,3 left");
    metrics.unregisterFecConfig(a);
    assertEquals(1, registry.find("smfs_transport_fec_config").gauges().size());
    assertEquals("6", registry.find("smfs_transport_fec_config").gauge().getId().getTag("r"));
    metrics.unregisterFecConfig(b);
    assertEquals(0, registry.find("smfs_transport_fec_config").gauges().size());
  }

  @Test
  void observedLossGaugeReadsTheWindow() {
    metrics.countDeliveredPackets(1000);
    metrics.countLost(20);
    assertEquals(0.02, registry.find("smfs_transport_observed_loss_ratio").gauge().value(), 1e-12);
  }

  @Test
  void flightGaugesSumTheLiveSessionsLimitsAndCeilings() {
    double limit = registry.find("smfs_transport_flight_limit_packets").gauge().value();
    double ceiling = registry.find("smfs_transport_flight_ceiling_packets").gauge().value();
    assertEquals(0.0, limit);
    assertEquals(0.0, ceiling);
    FlightLimit a = new FlightLimit(4096, 16384);
    FlightLimit b = new FlightLimit(1000, 1000);
    metrics.registerFlight(a);
    metrics.registerFlight(b);
    assertEquals(5096.0, registry.find("smfs_transport_flight_limit_packets").gauge().value());
    assertEquals(17384.0, registry.find("smfs_transport_flight_ceiling_packets").gauge().value());
    metrics.unregisterFlight(a);
    assertEquals(1000.0, registry.find("smfs_transport_flight_limit_packets").gauge().value());
    assertEquals(1000.0, registry.find("smfs_transport_flight_ceiling_packets").gauge().value());
  }
}
