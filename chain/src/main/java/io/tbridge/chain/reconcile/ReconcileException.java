package io.tbridge.chain.reconcile;

/**
 * Reconciliation could not read what it needs (an endpoint does not answer, reports another chain,
 * the range is not final, a bridge emitted an event that does not decode); the message is one line.
 */
public final class ReconcileException extends RuntimeException {

  /** A failure described by {@code message}. */
  public ReconcileException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure described by {@code message}. */
  public ReconcileException(String message) {
    super(message);
  }
}
