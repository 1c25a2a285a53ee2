package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One relay direction between two embedded channels, with a perfect zero-delay profile, so every
 * datagram read is due at the end of its read batch: what leaves, and how it is grouped.
 */
class RelayTest {
  private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 1000);
  private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 2000);

  private final WanCounters counters = new WanCounters();
  private final EmbeddedChannel out = new EmbeddedChannel();
  private InetSocketAddress recipient = TO;
  private EmbeddedChannel in;

  private void build(boolean segmentation) {
    Relay relay =
        new Relay(
            Direction.UPSTREAM,
            new Impairment(WanProfile.PERFECT, counters),
            counters,
            new Relay.Sink() {
              @Override
              public Channel channel() {
                return out;
              }

              @Override
              public InetSocketAddress recipient() {
                return recipient;
              }
            },
            source -> assertEquals(FROM, source),
            segmentation);
    in = new EmbeddedChannel(relay);
  }

  @AfterEach
  void finish() {
    assertFalse(in.finish());
    assertFalse(out.finish());
  }

  /** Reads one batch of datagrams of these sizes, byte i of datagram n being n + i. */
  private void readBatch(int... sizes) {
    Object[] datagrams = new Object[sizes.length];
    for (int n = 0; n < sizes.length; n++) {
      ByteBuf b = Unpooled.buffer(sizes[n]);
      for (int i = 0; i < sizes[n]; i++) {
        b.writeByte(n + i);
      }
      datagrams[n] = new DatagramPacket(b, TO, FROM);
    }
    in.writeInbound(datagrams);
  }

  /** Every datagram sent: "seg<size>x<count>" or "one<size>", releasing them. */
  private List<String> sent() {
    List<String> out = new ArrayList<>();
    DatagramPacket p;
    while ((p = this.out.readOutbound()) != null) {
      assertEquals(TO, p.recipient());
      int bytes = p.content().readableBytes();
      if (p instanceof SegmentedDatagramPacket s) {
        int count = (bytes + s.segmentSize() - 1) / s.segmentSize();
        out.add("seg" + s.segmentSize() + "x" + count + "=" + bytes);
      } else {
        out.add("one" + bytes);
      }
      p.release();
    }
    return out;
  }

  @Test
  void equalSizesLeaveAsOneSegmentedDatagramWithTheirBytesInOrder() {
    build(true);
    readBatch(100, 100, 100);
    DatagramPacket p = out.readOutbound();
    SegmentedDatagramPacket s = assertInstanceOf(SegmentedDatagramPacket.class, p);
    assertEquals(100, s.segmentSize());
    ByteBuf content = s.content();
    assertEquals(300, content.readableBytes());
    for (int n = 0; n < 3; n++) {
      for (int i = 0; i < 100; i += 33) {
        assertEquals((byte) (n + i), content.getByte(n * 100 + i), "datagram " + n + " byte " + i);
      }
    }
    s.release();
    assertNull(out.readOutbound());
    assertEquals(3, counters.snapshot().forwarded());
  }

  @Test
  void aShorterDatagramEndsItsGroupAndALongerOneStartsANewGroup() {
    build(true);
    readBatch(100, 100, 60, 100, 120, 120);
    assertEquals(List.of("seg100x3=260", "one100", "seg120x2=240"), sent());
  }

  @Test
  void aGroupHoldsAtMostMaxSegmentsDatagrams() {
    build(true);
    int[] sizes = new int[Relay.MAX_SEGMENTS + 1];
    java.util.Arrays.fill(sizes, 10);
    readBatch(sizes);
    assertEquals(
        List.of("seg10x" + Relay.MAX_SEGMENTS + "=" + 10 * Relay.MAX_SEGMENTS, "one10"), sent());
  }

  @Test
  void aGroupHoldsAtMostMaxGroupBytes() {
    build(true);
    int[] sizes = new int[50];
    java.util.Arrays.fill(sizes, 1442);
    readBatch(sizes);
    int perGroup = Relay.MAX_GROUP_BYTES / 1442;
    assertEquals(
        List.of(
            "seg1442x" + perGroup + "=" + 1442 * perGroup,
            "seg1442x" + (50 - perGroup) + "=" + 1442 * (50 - perGroup)),
        sent());
  }

  @Test
  void withoutSegmentationEveryDatagramLeavesAlone() {
    build(false);
    readBatch(100, 100, 60);
    assertEquals(List.of("one100", "one100", "one60"), sent());
  }

  @Test
  void withNowhereToSendDatagramsAreCountedUnroutable() {
    recipient = null;
    build(true);
    readBatch(100, 100);
    assertEquals(List.of(), sent());
    assertEquals(2, counters.snapshot().droppedUnroutable());
    assertEquals(0, counters.snapshot().forwarded());
  }
}
