package io.tbridge.signer.keys;

/**
 * A key store file is missing, locked with another passphrase, of another party, or damaged. The
 * message is one line naming the file and the cause and never contains secret material.
 */
public final class KeyStoreException extends RuntimeException {

  /** A failure described by {@code message}. */
  public KeyStoreException(String message) {
    super(message);
  }
}
