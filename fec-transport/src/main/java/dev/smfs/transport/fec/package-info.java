/**
 * Layered-interleaving forward error correction (Maelstrom), transport-free: ByteBuf in, ByteBuf
 * out. Documented fully once the encoder and decoder land.
 */
package dev.smfs.transport.fec;
