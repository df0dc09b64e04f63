package io.tbridge.chain.rpc;

/**
 * Fewer endpoints than the quorum could answer. Transient: try again later; the quorum is never
 * lowered to make progress.
 */
public final class QuorumUnavailableException extends RuntimeException {

  /** Unavailability described by {@code message}. */
  public QuorumUnavailableException(String message) {
    super(message);
  }
}
