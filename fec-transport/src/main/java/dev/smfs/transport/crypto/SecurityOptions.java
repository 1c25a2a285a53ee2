package dev.smfs.transport.crypto;

import java.nio.file.Path;

/** The command-line rule for transport security, shared by the commands that open sessions. */
public final class SecurityOptions {
  private SecurityOptions() {}

  /**
   * The security for {@code --key FILE} / {@code --insecure}: exactly one must be given.
   *
   * @param keyFile the {@code --key} value, or null
   * @param insecure whether {@code --insecure} was given
   * @throws SecurityConfigException with one clear line if neither or both are given
   * @throws KeyFileException if the key file cannot be used
   */
  public static TransportSecurity require(Path keyFile, boolean insecure) {
    if (keyFile != null && insecure) {
      throw new SecurityConfigException("--key and --insecure are mutually exclusive");
    }
    if (keyFile == null && !insecure) {
      throw new SecurityConfigException(
          "refusing to start without transport security: give --key FILE (pre-shared key,"
              + " mode 0600) or --insecure to send unauthenticated datagrams");
    }
    return insecure ? TransportSecurity.insecure() : TransportSecurity.fromKeyFile(keyFile);
  }

  /** Neither or both of {@code --key} and {@code --insecure}. */
  public static final class SecurityConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SecurityConfigException(String message) {
      super(message);
    }
  }
}
