package dev.smfs.cli;

/**
 * Says plainly that a command of the contract is declared (so its flags and help are fixed) but its
 * implementation has not landed yet, naming the issue that tracks it. Exit code 1.
 */
final class NotYetBuilt {
  private NotYetBuilt() {}

  static CliException of(String command, int issue) {
    return new CliException(
        command + " is not implemented in this build yet (tracked by issue " + issue + ")");
  }
}
