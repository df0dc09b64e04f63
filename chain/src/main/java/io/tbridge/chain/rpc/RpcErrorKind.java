package io.tbridge.chain.rpc;

import java.util.Locale;

/**
 * Why a JSON-RPC call (or a quorum read) failed, coarse enough to be a metric tag and precise
 * enough for an operator to know where to look (the process, the port, DNS, the provider).
 */
public enum RpcErrorKind {
  /** The TCP connection could not be made: nothing listens on that host and port. */
  CONNECTION_REFUSED,
  /** The host name does not resolve. */
  UNKNOWN_HOST,
  /** No answer within the call's timeout (a hung or stopped node, a black-holed route). */
  TIMEOUT,
  /** Another I/O failure (connection reset, TLS handshake, ...). */
  TRANSPORT,
  /** The server answered with a non-200 HTTP status. */
  HTTP_STATUS,
  /** The node answered with a JSON-RPC error object. */
  NODE_ERROR,
  /** The reply was not valid JSON-RPC or not the expected shape. */
  MALFORMED_REPLY,
  /** The endpoint's circuit breaker is open: the call was not even tried. */
  BREAKER_OPEN,
  /** The endpoint's rate limiter gave no permit in time. */
  RATE_LIMITED,
  /** The endpoint serves another chain id; it is never used. */
  WRONG_CHAIN,
  /** Endpoints answered differently. */
  QUORUM_DISAGREEMENT,
  /** The calling thread was interrupted (shutdown). */
  INTERRUPTED,
  /** Anything else. */
  OTHER;

  /** Lower-case name for metric tags and logs, e.g. {@code connection_refused}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of {@code t}: its own for an {@link RpcException}, else a best guess. */
  public static RpcErrorKind of(Throwable t) {
    if (t instanceof RpcException e) {
      return e.kind();
    }
    if (t instanceof QuorumDisagreementException) {
      return QUORUM_DISAGREEMENT;
    }
    return OTHER;
  }
}
