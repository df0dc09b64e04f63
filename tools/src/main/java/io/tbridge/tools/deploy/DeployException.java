package io.tbridge.tools.deploy;

/**
 * A deployment that cannot go on, as one line naming the item (chain, token, route, file) and the
 * problem. Never carries a private key or a full RPC URL.
 */
public final class DeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (one line). */
  public DeployException(String message) {
    super(message);
  }
}
