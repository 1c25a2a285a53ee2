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
 * ShippedVolume shipped = shipper.add(volume.uuid(), volume::epoch, volume.log());
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
 */
package dev.smfs.server.ship;
