package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real sockets on 127.0.0.1. Blocking channels wait for datagrams (no sleeps); every test is
 * bounded by a timeout. Traffic is sent in windows no larger than the socket buffers, so the kernel
 * never has a reason to drop a datagram and the counts are exact.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WanEmulatorLoopbackTest {
  private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);
  private static final int WINDOW = 64;

  private DatagramChannel client;
  private DatagramChannel server;

  @BeforeEach
  void openEndpoints() throws IOException {
    client = DatagramChannel.open().bind(ANY_LOCAL);
    server = DatagramChannel.open().bind(ANY_LOCAL);
    for (DatagramChannel ch : new DatagramChannel[] {client, server}) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
    }
  }

  @AfterEach
  void closeEndpoints() throws IOException {
    client.close();
    server.close();
  }

  private WanEmulator start(WanProfile profile) throws IOException {
    return WanEmulator.start(
        WanConfig.symmetric(ANY_LOCAL, (InetSocketAddress) server.getLocalAddress(), profile));
  }

  private static ByteBuffer datagram(int number, int length) {
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putInt(0, number);
    for (int i = 4; i < length; i++) {
      b.put(i, (byte) (number * 31 + i));
    }
    return b;
  }

  private static void assertDatagram(int number, int length, ByteBuffer got) {
    got.flip();
    assertEquals(length, got.remaining(), "length of datagram " + number);
    assertEquals(datagram(number, length), got, "content of datagram " + number);
  }

  @Test
  void relaysEveryDatagramInOrderBothWaysWithZeroJitter() throws IOException, InterruptedException {
    int n = 32 * WINDOW;
    int length = 1_400;
    try (WanEmulator emu = start(WanProfile.PERFECT.withDelayMs(1))) {
      ByteBuffer in = ByteBuffer.allocate(65_536);
      for (int base = 0; base < n; base += WINDOW) {
        for (int i = base; i < base + WINDOW; i++) {
          client.send(datagram(i, length), emu.listenAddress());
        }
        for (int i = base; i < base + WINDOW; i++) {
          in.clear();
          InetSocketAddress from = (InetSocketAddress) server.receive(in);
          assertDatagram(i, length, in);
          server.send(datagram(i, length / 2), from);
        }
        for (int i = base; i < base + WINDOW; i++) {
          in.clear();
          client.receive(in);
          assertDatagram(i, length / 2, in);
        }
      }
      int sent = n;
      // A relay thread counts a datagram just after handing it to the socket, so the receiver can
      // see the last one before it is counted: wait for the counters to settle.
      assertTrue(
          emu.awaitCounters(
              Direction.UPSTREAM, c -> c.forwarded() >= sent, Duration.ofSeconds(10)));
      assertTrue(
          emu.awaitCounters(
              Direction.DOWNSTREAM, c -> c.forwarded() >= sent, Duration.ofSeconds(10)));
      WanCounters.Snapshot up = emu.counters(Direction.UPSTREAM);
      WanCounters.Snapshot down = emu.counters(Direction.DOWNSTREAM);
      assertEquals(sent, up.received());
      assertEquals(sent, up.forwarded());
      assertEquals((long) sent * length, up.bytesForwarded());
      assertEquals(sent, down.forwarded());
      assertEquals((long) sent * (length / 2), down.bytesForwarded());
      assertEquals(0, up.droppedLoss() + up.droppedQueue() + down.droppedLoss());
    }
  }

  @Test
  void theNioFallbackRelaysBothWays() throws IOException {
    try (WanEmulator emu =
        WanEmulator.start(
            WanConfig.symmetric(
                ANY_LOCAL,
                (InetSocketAddress) server.getLocalAddress(),
                WanProfile.PERFECT.withDelayMs(1)),
            false)) {
      ByteBuffer in = ByteBuffer.allocate(65_536);
      for (int i = 0; i < WINDOW; i++) {
        client.send(datagram(i, 1_400), emu.listenAddress());
      }
      for (int i = 0; i < WINDOW; i++) {
        in.clear();
        InetSocketAddress from = (InetSocketAddress) server.receive(in);
        assertDatagram(i, 1_400, in);
        server.send(datagram(i, 700), from);
      }
      for (int i = 0; i < WINDOW; i++) {
        in.clear();
        client.receive(in);
        assertDatagram(i, 700, in);
      }
    }
  }

  @Test
  void heldPacketsArriveOnlyAfterRelease() throws Exception {
    try (WanEmulator emu = start(WanProfile.PERFECT)) {
      emu.setFilter(
          Direction.UPSTREAM,
          view -> view.getInt(0) == 0 ? PacketFilter.Action.HOLD : PacketFilter.Action.PASS);
      client.send(datagram(0, 100), emu.listenAddress());
      client.send(datagram(1, 100), emu.listenAddress());
      ByteBuffer in = ByteBuffer.allocate(2048);
      server.receive(in);
      assertDatagram(1, 100, in);
      assertTrue(
          emu.awaitCounters(Direction.UPSTREAM, s -> s.heldNow() == 1, Duration.ofSeconds(10)));
      emu.releaseHeld(Direction.UPSTREAM);
      in.clear();
      server.receive(in);
      assertDatagram(0, 100, in);
    }
  }

  @Test
  void awaitCountersReturnsOnceTheConditionHoldsAndFalseOnTimeout() throws Exception {
    try (WanEmulator emu = start(WanProfile.PERFECT)) {
      emu.setFilter(Direction.UPSTREAM, view -> PacketFilter.Action.HOLD);
      for (int i = 0; i < 3; i++) {
        client.send(datagram(i, 100), emu.listenAddress());
      }
      assertTrue(emu.awaitCounters(Direction.UPSTREAM, s -> s.held() == 3, Duration.ofSeconds(10)));
      assertFalse(emu.awaitCounters(Direction.UPSTREAM, s -> s.held() == 4, Duration.ofMillis(50)));
    }
  }

  @Test
  void countersJsonHasBothDirections() throws IOException {
    try (WanEmulator emu = start(WanProfile.PERFECT)) {
      String json = emu.toJson();
      assertTrue(json.startsWith("{\"upstream\":{\"received\":0"), json);
      assertTrue(json.contains(",\"downstream\":{"), json);
    }
  }

  @Test
  void portInUseIsAOneLineBindError() throws IOException {
    InetSocketAddress taken = (InetSocketAddress) client.getLocalAddress();
    WanConfig config =
        WanConfig.symmetric(
            taken, (InetSocketAddress) server.getLocalAddress(), WanProfile.PERFECT);
    BindException e = assertThrows(BindException.class, () -> WanEmulator.start(config));
    assertTrue(
        e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getPort()), e.getMessage());
  }
}
