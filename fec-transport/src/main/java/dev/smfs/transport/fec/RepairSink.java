package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;

/** Receives repairs emitted by {@link LayeredEncoder}, on the encoder's thread. */
public interface RepairSink {

  /**
   * One repair is complete.
   *
   * @param recipe the data sequence numbers the repair covers
   * @param lengthXor XOR of the covered symbols' lengths
   * @param xor XOR of the covered symbols, each zero-padded to the longest; ownership passes to the
   *     sink, which must release it
   */
  void onRepair(RepairRecipe recipe, int lengthXor, ByteBuf xor);
}
