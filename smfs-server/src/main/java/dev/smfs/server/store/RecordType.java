package dev.smfs.server.store;

/**
 * The log record types written by {@link LogVolume}, one per mutating operation. The values are
 * part of the on-disk format: never renumber them.
 */
public final class RecordType {
  private RecordType() {}

  public static final int VOLUME_INIT = 1;
  public static final int CREATE = 2;
  public static final int MKDIR = 3;
  public static final int SYMLINK = 4;
  public static final int LINK = 5;
  public static final int UNLINK = 6;
  public static final int RMDIR = 7;
  public static final int RENAME = 8;
  public static final int WRITE = 9;
  public static final int SETATTR = 10;
  public static final int SETXATTR = 11;
  public static final int REMOVEXATTR = 12;
  public static final int FREE_INODE = 13;
  public static final int CLEANER_MOVE = 14;

  /** Promotion of a replica: the volume's epoch from here on. */
  public static final int EPOCH = 15;

  /** A readable name for messages, e.g. {@code "WRITE"}, or {@code "type=99"} if unknown. */
  public static String name(int type) {
    return switch (type) {
      case VOLUME_INIT -> "VOLUME_INIT";
      case CREATE -> "CREATE";
      case MKDIR -> "MKDIR";
      case SYMLINK -> "SYMLINK";
      case LINK -> "LINK";
      case UNLINK -> "UNLINK";
      case RMDIR -> "RMDIR";
      case RENAME -> "RENAME";
      case WRITE -> "WRITE";
      case SETATTR -> "SETATTR";
      case SETXATTR -> "SETXATTR";
      case REMOVEXATTR -> "REMOVEXATTR";
      case FREE_INODE -> "FREE_INODE";
      case CLEANER_MOVE -> "CLEANER_MOVE";
      case EPOCH -> "EPOCH";
      default -> "type=" + type;
    };
  }

  /** True for the record types whose payload carries file data referenced by the extent map. */
  public static boolean carriesData(int type) {
    return type == WRITE || type == CLEANER_MOVE;
  }
}
