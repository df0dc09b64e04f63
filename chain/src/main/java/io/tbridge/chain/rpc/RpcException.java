package io.tbridge.chain.rpc;

/**
 * A failed JSON-RPC call. {@link #retriable()} marks failures worth retrying on the same endpoint
 * (transport errors, overload, a node that is briefly behind); retry policies key on it.
 */
public class RpcException extends RuntimeException {

  private final String endpoint;
  private final boolean retriable;
  private final RpcErrorKind kind;

  /** A failure of {@code endpoint} (a name without credentials) of the given kind. */
  public RpcException(
      String endpoint, String message, boolean retriable, RpcErrorKind kind, Throwable cause) {
    super("[" + endpoint + "] " + message, cause);
    this.endpoint = endpoint;
    this.retriable = retriable;
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /**
   * A failure of {@code endpoint} (a name without credentials), kind {@link RpcErrorKind#OTHER}.
   */
  public RpcException(String endpoint, String message, boolean retriable, Throwable cause) {
    this(endpoint, message, retriable, RpcErrorKind.OTHER, cause);
  }

  /** A failure of {@code endpoint} of the given kind, without a cause. */
  public RpcException(String endpoint, String message, boolean retriable, RpcErrorKind kind) {
    this(endpoint, message, retriable, kind, null);
  }

  /** A failure of {@code endpoint} (a name without credentials) without a cause. */
  public RpcException(String endpoint, String message, boolean retriable) {
    this(endpoint, message, retriable, RpcErrorKind.OTHER, null);
  }

  /** The endpoint's display name (scheme, host and port only). */
  public String endpoint() {
    return endpoint;
  }

  /** What kind of failure this is (for health, logs and metric tags). */
  public RpcErrorKind kind() {
    return kind;
  }

  /** Whether retrying the same call on the same endpoint may succeed. */
  public boolean retriable() {
    return retriable;
  }
}
