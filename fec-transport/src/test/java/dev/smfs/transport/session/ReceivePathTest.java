package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.DataPacket;
import dev.smfs.transport.codec.RepairPacket;
import dev.smfs.transport.codec.SeqRange;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.LayeredEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receive path without sockets: packets in, deliveries and ACKs out. */
class ReceivePathTest {
  private static final long SID = 9;
  private static final FecParams FEC = new FecParams(4, 1, new int[] {1});
  private final List<String> delivered = new ArrayList<>();
  private final TransportMetrics metrics = TransportMetrics.unregistered();
  private final ReceivePath path =
      new ReceivePath(
          FEC,
          1000,
          64,
          0,
          (stream, seq, payload) ->
              delivered.add(seq + ":" + stream + ":" + payload.getByte(payload.readerIndex())),
          metrics,
          PacketEventListener.NONE);
  private final List<RepairPacket> repairs = new ArrayList<>();
  private final LayeredEncoder encoder =
      new LayeredEncoder(
          FEC,
          1000,
          (recipe, lengthXor, xor) ->
              repairs.add(
                  new RepairPacket(
                      SID,
                      recipe.layer(),
                      recipe.firstSeq(),
                      recipe.stride(),
                      recipe.count(),
                      lengthXor,
                      xor)));

  private static ByteBuf symbol(int stream, int firstByte) {
    return Unpooled.buffer().writeInt(stream).writeByte(firstByte).writeZero(firstByte);
  }

  private DataPacket data(long seq) {
    return new DataPacket(SID, seq, symbol((int) seq % 3, (int) seq + 1));
  }

  @AfterEach
  void release() {
    repairs.forEach(RepairPacket::release);
    path.close();
  }

  @Test
  void reorderedPacketsAreDeliveredInSeqOrderWithTheirStream() {
    path.onData(data(1), 0);
    path.onData(data(0), 0);
    assertEquals(List.of("0:0:1", "1:1:2"), delivered);
  }

  @Test
  void missingPacketIsRecoveredFromTheRepair() {
    for (long seq = 0; seq < 4; seq++) {
      DataPacket d = data(seq);
      encoder.onData(seq, d.symbol(), 0);
      if (seq == 2) {
        d.release(); // lost
      } else {
        path.onData(d, 0);
      }
    }
    assertEquals(1, repairs.size());
    path.onRepair(repairs.remove(0), 0);
    assertEquals(List.of("0:0:1", "1:1:2", "2:2:3", "3:0:4"), delivered);
    assertEquals(1.0, metrics.fecRecovered());
  }

  @Test
  void ackCarriesTheCumulativeSeqAndNaksOnlyAfterTheDelay() {
    path.onData(data(0), 0);
    path.onData(data(3), 0);
    AckPacket early = path.ackIfDue(SID, 5, 10, 100, 8);
    assertEquals(new AckPacket(SID, 1, List.of()), early);
    AckPacket late = path.ackIfDue(SID, 10, 10, 100, 8);
    assertEquals(new AckPacket(SID, 1, List.of(new SeqRange(1, 3))), late);
  }

  @Test
  void noAckWhenNothingChangedAndNothingIsDue() {
    path.onData(data(0), 0);
    path.ackIfDue(SID, 1, 10, 100, 8);
    assertNull(path.ackIfDue(SID, 2, 10, 100, 8));
  }

  @Test
  void duplicateIsDeliveredOnceAndForcesAnAck() {
    path.onData(data(0), 0);
    path.ackIfDue(SID, 1, 10, 100, 8);
    path.onData(data(0), 2);
    assertEquals(List.of("0:0:1"), delivered);
    assertEquals(new AckPacket(SID, 1, List.of()), path.ackIfDue(SID, 3, 10, 100, 8));
  }
}
