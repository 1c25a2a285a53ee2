/**
 * Wire format of the SMFS transport: every UDP datagram is one packet encoded by {@link
 * dev.smfs.transport.codec.PacketCodec}. Transport-free (ByteBuf in, ByteBuf out); the only Netty
 * channel code is the thin {@link dev.smfs.transport.codec.PacketCodecHandler}.
 *
 * <p>Owns: the frame (magic, version, type, flags, session id, CRC32C trailer), the body layout of
 * each {@link dev.smfs.transport.codec.PacketType}, the decoded packet records, and the typed
 * {@link dev.smfs.transport.codec.MalformedPacketException} with its {@link
 * dev.smfs.transport.codec.MalformedReason} for metrics. It knows nothing of sessions, FEC or
 * sockets.
 */
package dev.smfs.transport.codec;
