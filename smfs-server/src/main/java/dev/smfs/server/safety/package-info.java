/**
 * Safety levels: {@link dev.smfs.server.safety.Durability} decides when a mutating volume call may
 * return (async, local-sync here; network-sync and remote-sync come with mirroring).
 */
package dev.smfs.server.safety;
