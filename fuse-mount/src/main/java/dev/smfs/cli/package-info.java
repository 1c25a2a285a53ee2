/**
 * The {@code smfs} command line: one picocli command class per subcommand of the contract in
 * DESIGN.md. Commands parse and validate flags into plain values at the edge and hand them to the
 * modules; they hold no logic of their own. Exit codes: 0 success, 1 runtime failure, 2 usage
 * error.
 */
package dev.smfs.cli;
