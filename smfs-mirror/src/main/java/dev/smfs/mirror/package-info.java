/**
 * The mirror daemon: {@link dev.smfs.mirror.MirrorServer} accepts primaries' sessions, keeps one
 * replica volume per primary volume, appends the shipped records verbatim (same LSNs, same log
 * format, same index code: a {@code LogVolume} in replica mode), fsyncs in groups and acknowledges
 * DURABLE per volume. {@link dev.smfs.mirror.Promotion} turns a stopped mirror's replicas into
 * primaries. {@code MirrorMetrics} counts records received and acknowledgements sent per replica
 * and gives each replica log its tagged {@code smfs_log_*} meters.
 *
 * <h2>Data directory</h2>
 *
 * <pre>
 * DATA/LOCK                    held while a mirror (or promote) uses DATA
 * DATA/volumes/&lt;uuid&gt;/        one replica: a LogVolume data directory (log/, index/, LOCK)
 * </pre>
 *
 * A replica directory is exactly what {@code smfs mount --data} takes, so after {@code smfs promote
 * --data DATA} the primary mounts {@code DATA/volumes/<uuid>}.
 *
 * <h2>Fencing</h2>
 *
 * Each volume has a UUID and an epoch (VOLUME_INIT, bumped by an EPOCH record at promotion). An
 * ATTACH is accepted for an unknown volume (a new replica) or for the replica's own epoch; a lower
 * epoch is an old primary after a promotion (STALE_EPOCH), a higher one a history the replica does
 * not belong to (EPOCH_AHEAD); while one primary session has the volume attached, a second one is
 * refused (FOREIGN_PRIMARY).
 *
 * <h2>A new replica after the primary cleaned its first records</h2>
 *
 * The records before the primary's first LSN are gone, and with them the only log copy of what they
 * did (VOLUME_INIT's identity, creations, renames...): their effects live in the primary's index.
 * So the primary streams BASE_BEGIN, its retained records from its first LSN, then its index state
 * at a base LSN as BASE_CHUNK frames and BASE_END ({@link dev.smfs.server.ship.BaseCodec}). The
 * replica stores those records without applying them, installs the base (extents re-pointed at its
 * own copies of the records, by LSN), flushes, and only then acknowledges DURABLE; from there on it
 * applies records as usual. A base cut off by a session end or a restart is discarded and sent
 * again. A replica that already holds records is never given a base: if the primary's first LSN is
 * past its next LSN it is refused (LOG_GAP), a final refusal; the operator's remedy is to delete
 * that replica's directory (mirror stopped), after which the primary sends a base.
 *
 * <h2>Threads</h2>
 *
 * The transport's event loop receives, repairs (FEC) and acknowledges packets, and hands each
 * delivered packet, in delivery order, to one ingest thread ({@code IngestThread}, a queue bounded
 * at 64 MiB of payload; when it is full the event loop waits and the socket buffer takes the
 * burst). That thread decodes the frames and appends them (log write + index apply); a
 * never-gapping check refuses a frame that is not the replica's next LSN (duplicates after a
 * reconnect, at or below the replica's last LSN, are skipped). A group-commit thread fsyncs every
 * replica that grew and sends DURABLE(lsn) to the attached primary; every {@code sweepInterval} it
 * also deletes sealed replica segments no index entry points into (the primary's cleaner moved or
 * overwrote their data), so a replica's disk use follows the primary's.
 */
package dev.smfs.mirror;
