package dev.smfs.fuse;

import ru.serce.jnrfuse.FuseStubFS;

/**
 * Base of the file systems this package mounts. jnr-fuse keeps a "mounted" flag that only its own
 * {@code umount()} clears, and a shutdown hook that unmounts while the flag is set; when the mount
 * ends some other way ({@code fusermount -u} from {@code smfs umount}), {@link FuseMount} clears
 * the flag here so that hook does not try to unmount a second time and fail.
 */
abstract class MountableFs extends FuseStubFS {
  final void markUnmounted() {
    mounted.set(false);
  }
}
