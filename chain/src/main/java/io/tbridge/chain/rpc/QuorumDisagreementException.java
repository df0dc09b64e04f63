package io.tbridge.chain.rpc;

/**
 * Endpoints that answered gave different answers for the same query (a fabricated, altered or
 * hidden log, or a different block hash). The chain must halt: nothing disputed is ever used.
 */
public final class QuorumDisagreementException extends RuntimeException {

  /** A disagreement described by {@code message} (endpoint names, never credentials). */
  public QuorumDisagreementException(String message) {
    super(message);
  }
}
