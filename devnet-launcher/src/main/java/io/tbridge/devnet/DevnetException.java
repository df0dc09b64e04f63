package io.tbridge.devnet;

/** A devnet stage failed; the message names the stage and the cause in one line. */
public final class DevnetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public DevnetException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public DevnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
