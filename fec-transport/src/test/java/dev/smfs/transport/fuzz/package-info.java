/**
 * Jazzer fuzz targets for the transport's parsers of untrusted input: the FEC decoder and the wire
 * packet codec. Each {@code @FuzzTest} takes raw bytes, so its seed corpus under {@code
 * src/test/resources/dev/smfs/transport/fuzz/<Class>Inputs/<method>/} holds plain files; without
 * {@code JAZZER_FUZZ} a normal test run replays exactly those files (regression mode).
 */
package dev.smfs.transport.fuzz;
