package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.crypto.KeyRing;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.wan.WanProfile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session phase end to end through the emulator at a low rate: everything offered must be
 * delivered intact, in order, exactly once, and the loss must have been repaired. Checks integrity
 * and accounting, not speed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SessionBenchIT {
  @Test
  void everyPayloadIsDeliveredIntactThroughALossyDelayedLink() throws Exception {
    check(TransportSecurity.insecure());
  }

  @Test
  void everyPayloadIsDeliveredIntactWhenSealed() throws Exception {
    byte[] key = new byte[32];
    key[0] = 1;
    check(TransportSecurity.of(new KeyRing(List.of(KeyRing.Key.of(1, key)))));
  }

  private static void check(TransportSecurity security) throws Exception {
    TransportBenchConfig config =
        new TransportBenchConfig(
            1.0,
            WanProfile.PERFECT.withDelayMs(5).withLoss(0.02).withSeed(11),
            8,
            3,
            new int[] {1, 10, 100},
            1000,
            5);
    TransportBenchResult.SessionFigures s = SessionBench.run(config, 50.0, 8.0, security).figures();
    assertEquals(0, s.corruptOrMissing());
    assertTrue(s.dataPackets() > 0);
    assertEquals(s.dataPackets() * 1000, s.deliveredBytes(), s::toString);
    assertTrue(s.lostPackets() > 0, "2% loss dropped no DATA packet: " + s);
    assertTrue(s.fecRecovered() + s.retransmitted() > 0, s::toString);
    assertTrue(s.lostRecoveredByFec() <= s.lostDistinctPackets(), s::toString);
    // Lost packets are classified by their real seqs (under a key too), so FEC's recoveries of
    // them show: at 2% loss with r=8, c=3 most single losses are rebuilt.
    assertTrue(s.lostRecoveredByFec() > 0, s::toString);
    assertTrue(s.lostDistinctPackets() <= s.lostPackets(), s::toString);
  }
}
