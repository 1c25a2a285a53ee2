package dev.smfs.transport.session;

/**
 * Marks a pipeline handler that may sit in front of the packet codec without turning UDP GSO off:
 * it writes a {@link io.netty.channel.unix.SegmentedDatagramPacket} as a segmented packet again,
 * transforming each segment on its own and keeping the segments equal in size (the last may be
 * shorter), and it reads single datagrams (GRO batches are split before the pipeline).
 */
public interface SegmentingHook {
  /** Bytes this handler adds to every datagram it writes (its segments grow by as much). */
  int bytesAddedPerDatagram();
}
