/**
 * Operations plumbing shared by the daemons ({@code smfs mount}, {@code smfs mirror}): {@link
 * dev.smfs.cli.ops.DaemonOps} owns a daemon's meter registry, its {@code /metrics} endpoint and the
 * {@code status.json} publisher, and turns their start-up failures into one-line CLI errors.
 */
package dev.smfs.cli.ops;
