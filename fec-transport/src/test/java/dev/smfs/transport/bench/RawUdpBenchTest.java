package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.wan.WanProfile;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The raw phase end to end on loopback, short and rate-capped; checks integrity, not speed. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RawUdpBenchTest {
  @Test
  void everyReceivedDatagramIsIntactAndAccountedFor() throws Exception {
    TransportBenchConfig config =
        new TransportBenchConfig(
            0.3,
            WanProfile.PERFECT.withDelayMs(2).withLoss(0.05).withRateMbit(20.0).withSeed(3),
            8,
            3,
            new int[] {1, 10, 100},
            1000,
            7);
    RawUdpBench.Result r = RawUdpBench.run(config);
    assertEquals(0, r.corrupt());
    assertEquals(0, r.duplicates());
    assertTrue(r.received() > 0, "nothing arrived");
    assertTrue(r.link().droppedLoss() > 0, "5% loss dropped nothing");
    // Whatever the emulator forwarded, and only that, can have arrived.
    assertTrue(r.received() <= r.link().forwarded(), r::toString);
    assertEquals(r.received() * 1000, r.receivedBytes());
    assertEquals(
        r.link().received(),
        r.link().forwarded() + r.link().droppedLoss() + r.link().droppedQueue());
  }
}
