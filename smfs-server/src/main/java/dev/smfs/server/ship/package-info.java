/**
 * Replication, primary side, and the replication protocol spoken over a {@code fec-transport}
 * session.
 *
 * <ul>
 *   <li>{@link dev.smfs.server.ship.ReplicationCodec} — the one codec of the protocol: HELLO token,
 *       control messages on stream 0 ({@link dev.smfs.server.ship.ControlMessage}) and record
 *       frames on volume streams (id ≥ 1), with {@link dev.smfs.server.ship.FrameReader}
 *       reassembling frames that span packets.
 *   <li>{@link dev.smfs.server.ship.Shipper} — one connection to one mirror: connects, reconnects
 *       with backoff, multiplexes the registered volumes, exposes {@link
 *       dev.smfs.server.ship.ReplicationStatus}.
 *   <li>{@link dev.smfs.server.ship.ShippedVolume} — one volume's sender: follows the log from the
 *       mirror's durable LSN + 1 and exposes futures for "covered by k repairs" and "durable on the
 *       mirror", plus a {@link dev.smfs.server.cleaner.RetentionPolicy} that keeps segments the
 *       mirror has not yet made durable.
 *   <li>{@code ShipMetrics} and {@code LagSamples} — the volume's {@code smfs_ship_*} and {@code
 *       smfs_mirror_lag_*} meters, and the (LSN, time) samples that date the oldest record the
 *       mirror has not made durable ({@link dev.smfs.server.ship.ShippedVolume#lagSeconds()}).
 * </ul>
 *
 * <h2>Wiring a mirrored mount</h2>
 *
 * {@link dev.smfs.server.ship.MirroredVolume#open} does it in one call (volume with a deferred
 * durability, shipper, safety level); by hand:
 *
 * <pre>{@code
 * ShipperConfig sc = ShipperConfig.fromFlags(mirror, fec, interleave, rateMbit, UUID.randomUUID());
 * DeferredDurability durability = new DeferredDurability();     // LOCAL_SYNC until set
 * LogVolume volume = LogVolume.open(dataDir, VolumeConfig.defaults(), clock, durability);
 * Shipper shipper = new Shipper(sc);
 * ShippedVolume shipped =
 *     shipper.add(volume.uuid(), volume::epoch, volume.log(), volume::baseSnapshot);
 * shipper.start();
 * int k = minRepairs != null ? minRepairs : sc.session().fec().c();
 * durability.set(Durabilities.forLevel(SafetyLevel.parse(safety), shipped, k, remoteTimeout));
 * Cleaner cleaner = new Cleaner(volume, shipped.retention(), CleanerConfig.defaults());
 * // shutdown: cleaner.close(); shipper.close(); volume.close();
 * }</pre>
 *
 * <p>Sequence: the shipper connects (HELLO token = node uuid + protocol version), sends ATTACH for
 * each volume; the mirror answers ATTACHED(durableLsn) or REFUSED(reason); the volume's sender
 * streams frames from durableLsn + 1; after each group fsync the mirror sends DURABLE(lsn).
 *
 * <p>A new mirror (durableLsn 0) of a volume whose log no longer starts at LSN 1 cannot replay the
 * cleaned records, whose effects live only in the index: when the volume was added with a {@link
 * dev.smfs.server.ship.BaseSource}, the sender streams BASE_BEGIN, the retained records, then the
 * index state at a base LSN ({@link dev.smfs.server.ship.BaseCodec}); without one, or for a mirror
 * that holds records but needs cleaned ones, the volume is refused with LOG_GAP.
 *
 * <h2>Throughput and latency</h2>
 *
 * The session's pacing rate ({@code --rate-mbit}, default 100 Mbit/s) counts DATA and REPAIR
 * packets with their headers, so records ship at about rate × r / (r + c) less headers: about 8
 * MB/s at the defaults (FEC 8,3), measured 6.5-7.9 MB/s over a 25 ms emulated link ({@code
 * dev.smfs.mirror.bench.ShipBenchmark} in smfs-mirror's tests). Set the rate to the link's capacity
 * for more; the transport's flight limit (per round trip: at least 4096 packets, at most the window
 * and what the mirror's receive socket holds) bounds it next. A network-sync write waits for its
 * packets to be paced out plus the FEC linger of the widest layer (its groups do not fill, so a
 * tick flushes them once they are a linger old): about 4 ms for a small write and 17 ms for 64 KiB
 * at the defaults. That wait starts with the write, so it overlaps the local fsync ({@link
 * dev.smfs.server.safety.NetworkSync}). A remote-sync write adds a round trip and the mirror's
 * group fsync.
 */
package dev.smfs.server.ship;
