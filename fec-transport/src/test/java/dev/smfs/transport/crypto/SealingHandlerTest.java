package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sender and receiver handlers on embedded channels; datagrams carried by hand. */
class SealingHandlerTest {
  static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
  static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2000);
  static final KeyRing.Key K1 = KeyRing.Key.of(1, SealedFrameCodecTest.KEY_BYTES);
  static final KeyRing.Key K2 = KeyRing.Key.of(2, SealedFrameCodecTest.OTHER_KEY_BYTES);

  @TempDir Path dir;
  private final SecurityMetrics metrics = new SecurityMetrics(new SimpleMeterRegistry());
  private EmbeddedChannel sender;
  private EmbeddedChannel receiver;

  private void channels(KeyRing senderRing, KeyRing receiverRing) {
    sender = new EmbeddedChannel(new SealingHandler(() -> senderRing, metrics, new SecureRandom()));
    receiver =
        new EmbeddedChannel(new SealingHandler(() -> receiverRing, metrics, new SecureRandom()));
  }

  @AfterEach
  void finish() {
    if (sender != null) {
      assertFalse(sender.finish());
      assertFalse(receiver.finish());
    }
  }

  /** Seals {@code payload} on the sender; returns the sealed bytes as they go to the wire. */
  private byte[] send(byte[] payload) {
    assertTrue(sender.writeOutbound(new DatagramPacket(Unpooled.wrappedBuffer(payload), B, A)));
    DatagramPacket out = sender.readOutbound();
    try {
      assertEquals(B, out.recipient());
      return ByteBufUtil.getBytes(out.content());
    } finally {
      out.release();
    }
  }

  /** Delivers wire bytes to the receiver; returns the plaintext it passed on, or null. */
  private byte[] receive(byte[] wire) {
    receiver.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(wire), B, A));
    DatagramPacket in = receiver.readInbound();
    if (in == null) {
      return null;
    }
    try {
      assertEquals(A, in.sender());
      return ByteBufUtil.getBytes(in.content());
    } finally {
      in.release();
    }
  }

  @Test
  void sealedDatagramOpensToTheOriginal() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    byte[] payload = "an encoded packet".getBytes();
    byte[] wire = send(payload);
    assertEquals(payload.length + SealedFrameCodec.OVERHEAD, wire.length);
    assertArrayEquals(payload, receive(wire));
    assertEquals(0.0, metrics.authFailed());
  }

  @Test
  void segmentedPacketIsSealedSegmentBySegmentIntoASegmentedPacket() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    byte[][] datagrams = {new byte[100], new byte[100], new byte[60]};
    for (int i = 0; i < datagrams.length; i++) {
      java.util.Arrays.fill(datagrams[i], (byte) (i + 1));
    }
    assertTrue(
        sender.writeOutbound(
            new io.netty.channel.unix.SegmentedDatagramPacket(
                Unpooled.wrappedBuffer(datagrams), 100, B, A)));
    io.netty.channel.unix.SegmentedDatagramPacket out = sender.readOutbound();
    byte[] wire;
    try {
      assertEquals(100 + SealedFrameCodec.OVERHEAD, out.segmentSize());
      assertEquals(B, out.recipient());
      wire = ByteBufUtil.getBytes(out.content());
    } finally {
      out.release();
    }
    assertEquals(260 + 3 * SealedFrameCodec.OVERHEAD, wire.length);
    int at = 0;
    for (byte[] expected : datagrams) {
      int n = expected.length + SealedFrameCodec.OVERHEAD;
      assertArrayEquals(expected, receive(java.util.Arrays.copyOfRange(wire, at, at + n)));
      at += n;
    }
    assertEquals(0.0, metrics.authFailed());
    assertEquals(0.0, metrics.replayDropped());
  }

  @Test
  void tamperedDatagramIsDroppedAndCounted() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    byte[] wire = send(new byte[200]);
    wire[SealedFrameCodec.HEADER_BYTES + 10] ^= 1;
    assertNull(receive(wire));
    assertEquals(1.0, metrics.authFailed());
  }

  @Test
  void forgedDatagramDoesNotMoveTheReplayWindow() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    byte[] genuine = send(new byte[50]);
    byte[] forged = genuine.clone();
    forged[forged.length - 1] ^= 1;
    assertNull(receive(forged));
    assertArrayEquals(new byte[50], receive(genuine));
    assertEquals(1.0, metrics.authFailed());
    assertEquals(0.0, metrics.replayDropped());
  }

  @Test
  void datagramUnderAnUnknownKeyIsDroppedAndCounted() {
    channels(new KeyRing(List.of(K2)), new KeyRing(List.of(K1)));
    assertNull(receive(send(new byte[10])));
    assertEquals(1.0, metrics.authFailed());
  }

  @Test
  void replayedDatagramIsDroppedAndCounted() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    byte[] wire = send(new byte[30]);
    assertArrayEquals(new byte[30], receive(wire));
    assertNull(receive(wire));
    assertEquals(1.0, metrics.replayDropped());
    assertEquals(0.0, metrics.authFailed());
  }

  @Test
  void reorderedDatagramsAreAllAccepted() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    byte[][] wires = new byte[100][];
    for (int i = 0; i < wires.length; i++) {
      wires[i] = send(new byte[] {(byte) i});
    }
    for (int i = wires.length - 1; i >= 0; i--) {
      assertArrayEquals(new byte[] {(byte) i}, receive(wires[i]));
    }
    assertEquals(0.0, metrics.replayDropped());
  }

  @Test
  void nonceNeverRepeatsOverManyDatagrams() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] wire = send(new byte[1]);
      String nonce =
          java.util.HexFormat.of()
              .formatHex(
                  wire,
                  SealedFrameCodec.OFFSET_NONCE,
                  SealedFrameCodec.OFFSET_NONCE + SealedFrameCodec.NONCE_BYTES);
      assertTrue(nonces.add(nonce), "repeated nonce " + nonce);
    }
  }

  @Test
  void rotationAcceptsOldAndNewKeyWhileSendingWithTheFirst() {
    // phase 2 of a rotation: the sender already seals with key 2, the receiver still seals with 1
    KeyRing senderRing = new KeyRing(List.of(K2, K1));
    KeyRing receiverRing = new KeyRing(List.of(K1, K2));
    channels(senderRing, receiverRing);
    byte[] wire = send(new byte[] {9});
    assertEquals(2, wire[SealedFrameCodec.OFFSET_KEY_ID]);
    assertArrayEquals(new byte[] {9}, receive(wire));
    // and the receiver's own frames (key 1) still open at the sender
    assertTrue(
        receiver.writeOutbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {8}), A, B)));
    DatagramPacket back = receiver.readOutbound();
    assertEquals(1, back.content().getByte(SealedFrameCodec.OFFSET_KEY_ID));
    sender.writeInbound(back);
    DatagramPacket opened = sender.readInbound();
    assertEquals(8, opened.content().getByte(0));
    opened.release();
  }

  @Test
  void reloadedKeyFileSwitchesTheSendingKey() throws Exception {
    Path f = dir.resolve("key");
    Files.writeString(f, "1 " + KeyFileTest.HEX_A + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    TransportSecurity security = TransportSecurity.fromKeyFile(f);
    assertFalse(security.reloadIfChanged());
    Files.writeString(f, "2 " + KeyFileTest.HEX_B + "\n1 " + KeyFileTest.HEX_A + "\n");
    Files.setLastModifiedTime(
        f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
    assertTrue(security.reloadIfChanged());
    assertEquals(2, security.ring().sending().id());
    assertEquals(1, security.ring().find(1).id());
  }

  @Test
  void unusableReloadKeepsTheCurrentRing() throws Exception {
    Path f = dir.resolve("key");
    Files.writeString(f, "1 " + KeyFileTest.HEX_A + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    TransportSecurity security = TransportSecurity.fromKeyFile(f);
    Files.writeString(f, "garbage\n");
    Files.setLastModifiedTime(
        f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
    org.junit.jupiter.api.Assertions.assertThrows(
        KeyFileException.class, security::reloadIfChanged);
    assertEquals(1, security.ring().sending().id());
  }

  @Test
  void nonDatagramMessagesPassThrough() {
    KeyRing ring = new KeyRing(List.of(K1));
    channels(ring, ring);
    ByteBuf b = Unpooled.buffer(1).writeByte(1);
    receiver.writeInbound(b);
    ByteBuf passed = receiver.readInbound();
    assertEquals(b, passed);
    passed.release();
  }
}
