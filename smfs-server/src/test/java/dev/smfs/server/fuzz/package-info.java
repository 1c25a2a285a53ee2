/**
 * Jazzer fuzz targets for the server's parsers of bytes read back from disk: segment files (log
 * open, tail recovery, scan, read) and the operation-record payloads. Each {@code @FuzzTest} takes
 * raw bytes; its seed corpus is under {@code
 * src/test/resources/dev/smfs/server/fuzz/<Class>Inputs/<method>/}, and without {@code JAZZER_FUZZ}
 * a normal test run replays exactly those files (regression mode).
 */
package dev.smfs.server.fuzz;
