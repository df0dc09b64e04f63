package io.tbridge.chain.tx;

/** A key file that cannot be used; the message names the file only, never its content. */
public final class KeyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KeyFileException(String message) {
    super(message);
  }
}
