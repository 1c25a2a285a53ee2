package dev.smfs.server.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * One segment file. A JDK {@link FileChannel} is closed for every user when a thread is interrupted
 * in the middle of I/O on it, so each role has its own channel and repairs only its own: the write
 * channel is used under the log's append lock only, the sync channel by the single sync leader
 * only, and the read channel by any number of readers (positional reads), reopened if some reader's
 * interrupt closed it.
 *
 * <p>Life: the head takes appends; a roll <em>seals</em> it (no more appends, size final) and the
 * log syncs it afterwards, off the append path ({@link #force}); once synced the segment is
 * <em>durable</em> and its file loses its write permission bits. That mode is the on-disk mark of
 * durability: the chmod is issued only after the sync returned, so a file that survived a crash
 * read-only was durable, and one still writable may have lost pages (the opener verifies it).
 *
 * <p>Thread-safety: {@link #size}, {@link #lastLsn} and {@link #sealed} are written only by the
 * append-lock holder (or by the opener before the log is shared). The record bytes are in the file
 * before {@code size} grows over them, so a lock-free reader that sees a size may read everything
 * below it; {@code sealed} is set after the last write, so a reader that sees it also sees the
 * final size. {@link #synced} is set by whichever thread completes a sync that began after the
 * seal. Channel swaps are synchronized on this object.
 */
final class Segment {
  final long id;
  final Path file;
  final long firstLsn;

  /** Bytes of the file header and all whole records; the end of the readable part. */
  volatile long size;

  /** LSN of the last record, {@code firstLsn - 1} when empty. */
  volatile long lastLsn;

  /** No more appends; the size is final. */
  volatile boolean sealed;

  /** Sealed and the whole file durable (synced, or found durable when opened). */
  volatile boolean synced;

  private volatile FileChannel readChannel; // opened on first read, so idle segments hold no fd
  private FileChannel writeChannel; // append-lock holder only; null once sealed
  private long writePosition = -1; // writeChannel's position when known, saving a seek per append
  private volatile FileChannel syncChannel; // syncing threads; null once synced
  private volatile boolean deleted;
  private volatile boolean closed;

  private Segment(
      long id, Path file, long firstLsn, long size, long lastLsn, boolean sealed, boolean synced)
      throws IOException {
    this.id = id;
    this.file = file;
    this.firstLsn = firstLsn;
    this.size = size;
    this.lastLsn = lastLsn;
    this.sealed = sealed;
    this.synced = synced;
  }

  static String fileName(long id) {
    return String.format("%020d.log", id);
  }

  /**
   * Creates an empty segment durably: the header is written to a temporary file, synced, renamed
   * into place and the directory synced, so a segment file under its final name always has a whole
   * header. The returned segment is the writable head.
   */
  static Segment create(Path dir, long id, long firstLsn, Syncer syncer) throws IOException {
    Path tmp = dir.resolve(fileName(id) + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer header = SegmentFormat.encodeFileHeader(id, firstLsn);
      while (header.hasRemaining()) {
        ch.write(header);
      }
      syncer.force(ch);
    }
    return installHead(tmp, dir, id, firstLsn);
  }

  /**
   * Renames a prepared file (whole header synced) to its segment name, syncs the directory and
   * returns it as the empty writable head.
   */
  private static Segment installHead(Path prepared, Path dir, long id, long firstLsn)
      throws IOException {
    Path file = dir.resolve(fileName(id));
    Files.move(prepared, file, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    Segment s =
        new Segment(
            id, file, firstLsn, SegmentFormat.FILE_HEADER_BYTES, firstLsn - 1, false, false);
    s.openForAppend();
    return s;
  }

  /**
   * Creates an empty segment from a preallocated spare ({@link SegmentPreallocator}): the header is
   * written over the spare's first bytes and synced, then the spare is renamed into place and the
   * directory synced. The file keeps its zeros after the header; {@link #size} marks the end of the
   * records, and sealing or closing cuts the file back to it. Returns null, having deleted the
   * spare, if the header could not be written (the caller creates the segment the plain way).
   */
  static Segment createFromSpare(Path dir, long id, long firstLsn, Syncer syncer, Path spare)
      throws IOException {
    try (FileChannel ch = FileChannel.open(spare, StandardOpenOption.WRITE)) {
      ByteBuffer header = SegmentFormat.encodeFileHeader(id, firstLsn);
      long at = 0;
      while (header.hasRemaining()) {
        at += ch.write(header, at);
      }
      syncer.force(ch);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(spare);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      return null;
    }
    return installHead(spare, dir, id, firstLsn);
  }

  /**
   * Opens an existing segment, checking its header, as sealed. Size is the file length and lastLsn
   * is unknown ({@code firstLsn - 1}) until the caller establishes it; it counts as {@link #synced}
   * if its file is read-only (see the class comment), and the opener decides about the others.
   */
  static Segment openExisting(Path file, long expectedId) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SegmentFormat.FILE_HEADER_BYTES);
    long length;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      length = ch.size();
      while (header.hasRemaining() && ch.read(header, header.position()) > 0) {}
    }
    header.flip();
    SegmentFormat.FileHeader h = SegmentFormat.decodeFileHeader(header, file);
    if (h.segmentId() != expectedId) {
      throw new CorruptRecordException(
          file, 0, "segment-id-mismatch header=" + h.segmentId() + " name=" + expectedId);
    }
    return new Segment(
        expectedId, file, h.firstLsn(), length, h.firstLsn() - 1, true, markedDurable(file));
  }

  /** Makes this segment the writable head at its current {@link #size}. */
  void openForAppend() throws IOException {
    setWritable(file, true);
    writeChannel = FileChannel.open(file, StandardOpenOption.WRITE);
    writePosition = -1;
    syncChannel = FileChannel.open(file, StandardOpenOption.WRITE);
    sealed = false;
    synced = false;
  }

  /** True if the file carries the durable mark: no write permission bit (see the class comment). */
  static boolean markedDurable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return !p.contains(PosixFilePermission.OWNER_WRITE)
          && !p.contains(PosixFilePermission.GROUP_WRITE)
          && !p.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (UnsupportedOperationException e) {
      return false; // no POSIX modes: every sealed segment above the durable floor is verified
    }
  }

  /**
   * Adds or removes the owner's write bit (and removes group and other write bits). Failing to mark
   * a file durable costs only a verification at the next open, so that failure is not an error.
   */
  private static void setWritable(Path file, boolean writable) throws IOException {
    Set<PosixFilePermission> p;
    try {
      p = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    boolean changed = p.remove(PosixFilePermission.GROUP_WRITE);
    changed |= p.remove(PosixFilePermission.OTHERS_WRITE);
    changed |=
        writable
            ? p.add(PosixFilePermission.OWNER_WRITE)
            : p.remove(PosixFilePermission.OWNER_WRITE);
    if (changed) {
      Files.setPosixFilePermissions(file, p);
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Writes {@code bufs} (header then payload parts) at {@code pos}. Caller holds the append lock.
   * If the write is interrupted the file is cut back to {@code pos} and the channel reopened, so
   * the log stays usable.
   */
  void write(ByteBuffer[] bufs, long pos, long total) throws IOException {
    FileChannel ch = writeChannel;
    try {
      if (writePosition != pos) {
        ch.position(pos);
      }
      writePosition = -1; // unknown until the write completes
      long written = 0;
      while (written < total) {
        written += ch.write(bufs);
      }
      writePosition = pos + total;
    } catch (ClosedByInterruptException e) {
      // Repair with the flag cleared, or the repair's own I/O would be interrupted as well.
      boolean interrupted = Thread.interrupted();
      try {
        writeChannel = FileChannel.open(file, StandardOpenOption.WRITE);
        writeChannel.truncate(pos);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      InterruptedIOException ie =
          new InterruptedIOException("append interrupted: file=" + file + " offset=" + pos);
      ie.initCause(e);
      throw ie;
    }
  }

  /**
   * After a failed write at {@code pos} (e.g. ENOSPC): cuts off whatever part of the record reached
   * the file. Caller holds the append lock. Returns false if even that failed.
   */
  boolean cutBack(long pos) {
    writePosition = -1;
    try {
      writeChannel.truncate(pos);
      return writeChannel.size() == pos;
    } catch (IOException e) {
      return false;
    }
  }

  /** Cuts the file to {@code newSize} and syncs it; used by recovery before appends start. */
  void truncate(long newSize, Syncer syncer) throws IOException {
    writeChannel.truncate(newSize);
    writePosition = -1;
    syncer.force(writeChannel);
    size = newSize;
  }

  /**
   * Syncs what was written so far. Returns at once if the segment is already durable. A sync that
   * began after the seal makes the segment durable: it is marked so (file made read-only) and its
   * sync channel closed; a concurrent sync that loses its channel to that returns normally, since
   * the completed sync covered everything.
   */
  void force(Syncer syncer) throws IOException {
    if (synced) {
      return;
    }
    boolean wasSealed = sealed; // read first: every byte of a sealed segment precedes this sync
    FileChannel ch = syncChannel;
    if (ch == null) {
      if (synced) {
        return;
      }
      throw new ClosedChannelException();
    }
    try {
      syncer.force(ch);
    } catch (ClosedByInterruptException e) {
      synchronized (this) {
        if (!synced && !closed && syncChannel == ch) {
          syncChannel = FileChannel.open(file, StandardOpenOption.WRITE);
        }
      }
      InterruptedIOException ie = new InterruptedIOException("fsync interrupted: file=" + file);
      ie.initCause(e);
      throw ie;
    } catch (ClosedChannelException e) {
      if (synced) {
        return;
      }
      throw e;
    }
    if (wasSealed) {
      markSynced();
    }
  }

  private synchronized void markSynced() throws IOException {
    if (synced) {
      return;
    }
    synced = true;
    FileChannel ch = syncChannel;
    syncChannel = null;
    if (ch != null) {
      ch.close();
    }
    if (!deleted && !closed) {
      setWritable(file, false);
    }
  }

  /**
   * Stops appends: the size is final. The file is not synced here; the log syncs it off the append
   * path ({@link #force}). Caller holds the append lock.
   */
  void seal() throws IOException {
    FileChannel w = writeChannel;
    writeChannel = null;
    writePosition = -1;
    sealed = true;
    try {
      w.truncate(size); // a preallocated file's unused zeros; a no-op for any other
    } finally {
      w.close();
    }
  }

  /**
   * Clean close of the head: cuts a preallocated file back to its records and syncs that, so the
   * next open finds the file ending at its last record. Only once the log is closed to appends.
   */
  void trimPreallocated(Syncer syncer) throws IOException {
    FileChannel w = writeChannel;
    if (w != null && w.size() > size) {
      w.truncate(size);
      writePosition = -1;
      syncer.force(w);
    }
  }

  /**
   * Opener only, for a sealed segment whose records were verified: syncs the file (a crashed
   * process may have left it only in the page cache) and marks it durable.
   */
  void makeDurable(Syncer syncer) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      syncer.force(ch);
    }
    synced = true;
    setWritable(file, false);
  }

  /** Reads exactly {@code dst.remaining()} bytes at {@code pos}. */
  void readFully(ByteBuffer dst, long pos) throws IOException {
    int start = dst.position();
    for (int attempt = 0; ; attempt++) {
      FileChannel ch = readChannel;
      if (ch == null) {
        ch = reopenRead(null);
      }
      try {
        long p = pos;
        while (dst.hasRemaining()) {
          int n = ch.read(dst, p);
          if (n < 0) {
            throw new CorruptRecordException(file, pos, "unexpected-end-of-file at=" + p);
          }
          p += n;
        }
        return;
      } catch (ClosedByInterruptException e) {
        reopenRead(ch);
        InterruptedIOException ie = new InterruptedIOException("read interrupted: file=" + file);
        ie.initCause(e);
        throw ie;
      } catch (ClosedChannelException e) {
        // Another reader's interrupt closed the shared channel (before or during this read), or
        // the segment was deleted, or the log closed.
        if (deleted) {
          throw new CorruptRecordException(file, pos, "segment-deleted");
        }
        if (closed || attempt >= 3) {
          throw e;
        }
        reopenRead(ch);
        dst.position(start);
      }
    }
  }

  /**
   * Replaces {@code broken} (a closed channel, or null before the first read) with a fresh read
   * channel unless another thread already did; returns the current one.
   */
  private synchronized FileChannel reopenRead(FileChannel broken) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (deleted) {
      throw new CorruptRecordException(file, 0, "segment-deleted");
    }
    if (readChannel == broken && (broken == null || !broken.isOpen())) {
      readChannel = FileChannel.open(file, StandardOpenOption.READ);
    }
    return readChannel;
  }

  /**
   * Reads and verifies the record at {@code pos}, which must end at or before {@code limit}.
   *
   * @throws CorruptRecordException on any framing or CRC failure
   */
  LogRecord readRecord(long pos, long limit, int maxPayloadBytes) throws IOException {
    return readRecord(pos, limit, maxPayloadBytes, null);
  }

  /**
   * {@link #readRecord(long, long, int)} with the payload read into {@code scratch} when it fits
   * (see {@link Log#read(LogAddress, ByteBuffer)}); a new buffer otherwise or when null.
   */
  LogRecord readRecord(long pos, long limit, int maxPayloadBytes, ByteBuffer scratch)
      throws IOException {
    SegmentFormat.RecordHeader h = readHeader(pos, limit, maxPayloadBytes);
    int len = (int) h.payloadLength();
    ByteBuffer payload =
        scratch != null && scratch.capacity() >= len
            ? scratch.clear().limit(len)
            : ByteBuffer.allocate(len);
    readFully(payload, pos + SegmentFormat.RECORD_HEADER_BYTES);
    payload.flip();
    long actual = SegmentFormat.recordCrc(h, payload);
    if (actual != h.crc()) {
      throw new CorruptRecordException(file, pos, "record-crc-mismatch", h.crc(), actual);
    }
    return new LogRecord(h.lsn(), h.type(), new LogAddress(id, pos), payload.asReadOnlyBuffer());
  }

  /**
   * Reads a record header at {@code pos} and checks its framing (not the CRC) against {@code
   * limit}.
   */
  SegmentFormat.RecordHeader readHeader(long pos, long limit, int maxPayloadBytes)
      throws IOException {
    if (pos < SegmentFormat.FILE_HEADER_BYTES || pos + SegmentFormat.RECORD_HEADER_BYTES > limit) {
      throw new CorruptRecordException(file, pos, "truncated-header limit=" + limit);
    }
    ByteBuffer hb = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
    readFully(hb, pos);
    SegmentFormat.RecordHeader h = SegmentFormat.decodeRecordHeader(hb);
    String problem = SegmentFormat.headerProblem(h, maxPayloadBytes);
    if (problem != null) {
      throw new CorruptRecordException(file, pos, problem);
    }
    if (pos + SegmentFormat.RECORD_HEADER_BYTES + h.payloadLength() > limit) {
      throw new CorruptRecordException(
          file, pos, "record-beyond-end length=" + h.payloadLength() + " limit=" + limit);
    }
    return h;
  }

  SegmentInfo info() {
    return new SegmentInfo(id, firstLsn, lastLsn, size, sealed);
  }

  /** Closes every channel; the file stays. */
  synchronized void close() throws IOException {
    closed = true;
    IOException failure = null;
    for (FileChannel ch : new FileChannel[] {writeChannel, syncChannel, readChannel}) {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes the segment and removes its file. Only for sealed segments. */
  void delete() throws IOException {
    synchronized (this) {
      deleted = true;
    }
    close();
    Files.delete(file);
  }
}
