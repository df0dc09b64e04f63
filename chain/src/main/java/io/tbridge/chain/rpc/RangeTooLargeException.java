package io.tbridge.chain.rpc;

/**
 * The endpoint refused an {@code eth_getLogs} range (too many results or too many blocks); the
 * caller should split the range. Not retriable as is.
 */
public final class RangeTooLargeException extends JsonRpcError {

  /** A range refusal from {@code endpoint}. */
  public RangeTooLargeException(String endpoint, int code, String rpcMessage) {
    super(endpoint, code, rpcMessage, java.util.Optional.empty(), false);
  }
}
