package dev.smfs.server.volume;

/** File-system totals for {@code statfs(2)}. Block counts are in units of {@code blockSize}. */
public record StatFs(
    long blockSize,
    long totalBlocks,
    long freeBlocks,
    long availBlocks,
    long totalInodes,
    long freeInodes,
    int maxNameLength) {}
