package io.tbridge.chain.rpc;

/**
 * A failed JSON-RPC call. {@link #retriable()} marks failures worth retrying on the same endpoint
 * (transport errors, overload, a node that is briefly behind); retry policies key on it.
 */
public class RpcException extends RuntimeException {

  private final String endpoint;
  private final boolean retriable;

  /** A failure of {@code endpoint} (a name without credentials). */
  public RpcException(String endpoint, String message, boolean retriable, Throwable cause) {
    super("[" + endpoint + "] " + message, cause);
    this.endpoint = endpoint;
    this.retriable = retriable;
  }

  /** A failure of {@code endpoint} (a name without credentials) without a cause. */
  public RpcException(String endpoint, String message, boolean retriable) {
    this(endpoint, message, retriable, null);
  }

  /** The endpoint's display name (scheme, host and port only). */
  public String endpoint() {
    return endpoint;
  }

  /** Whether retrying the same call on the same endpoint may succeed. */
  public boolean retriable() {
    return retriable;
  }
}
