/**
 * Logging conventions (docs/logging.md): one line per event, key=value facts, no stack trace for an
 * expected condition. {@link dev.smfs.server.logging.Facts} formats the facts.
 */
package dev.smfs.server.logging;
