package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;

/** Receives data packets reconstructed by {@link FecDecoder}, on the decoder's thread. */
public interface RecoverySink {

  /**
   * Data packet {@code seq} was reconstructed from repairs; called at most once per sequence number
   * and never for one that was received.
   *
   * @param seq data sequence number
   * @param symbol the reconstructed symbol bytes (readable bytes = original length); ownership
   *     passes to the sink, which must release it
   */
  void onRecovered(long seq, ByteBuf symbol);
}
