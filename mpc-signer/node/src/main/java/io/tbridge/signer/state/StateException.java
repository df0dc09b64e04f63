package io.tbridge.signer.state;

/** The signer state file cannot be used; the message is one line naming the file and the cause. */
public final class StateException extends RuntimeException {

  /** A failure described by {@code message}. */
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
