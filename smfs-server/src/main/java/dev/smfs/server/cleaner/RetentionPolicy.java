package dev.smfs.server.cleaner;

import dev.smfs.server.log.SegmentInfo;

/**
 * Says whether a dead segment may be deleted yet. The mirror passes a policy that waits until the
 * mirror has durably acknowledged past the segment's last LSN. Must be thread-safe and quick.
 */
@FunctionalInterface
public interface RetentionPolicy {
  boolean canDelete(SegmentInfo segment);

  /** No one else needs old segments: delete as soon as they are dead. */
  RetentionPolicy ALWAYS = s -> true;
}
