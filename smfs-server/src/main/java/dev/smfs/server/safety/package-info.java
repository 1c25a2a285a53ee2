/**
 * Safety levels: {@link dev.smfs.server.safety.Durability} decides when a mutating volume call may
 * return. {@link dev.smfs.server.safety.Durability#ASYNC} and {@link
 * dev.smfs.server.safety.Durability#LOCAL_SYNC} are local; {@link
 * dev.smfs.server.safety.NetworkSync} and {@link dev.smfs.server.safety.RemoteSync} also wait for
 * the volume's {@link dev.smfs.server.ship.ShippedVolume}. {@link
 * dev.smfs.server.safety.Durabilities#forLevel} picks one from a {@link
 * dev.smfs.server.safety.SafetyLevel}.
 */
package dev.smfs.server.safety;
