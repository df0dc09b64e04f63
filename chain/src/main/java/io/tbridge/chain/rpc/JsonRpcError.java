package io.tbridge.chain.rpc;

import java.util.Optional;

/**
 * The node answered with a JSON-RPC error object (e.g. an {@code execution reverted} with revert
 * data, or invalid parameters).
 */
public class JsonRpcError extends RpcException {

  private final int code;
  private final String rpcMessage;
  private final Optional<String> data;

  /** An error object {@code {code, message, data}} from {@code endpoint}. */
  public JsonRpcError(
      String endpoint, int code, String rpcMessage, Optional<String> data, boolean retriable) {
    super(
        endpoint, "JSON-RPC error " + code + ": " + rpcMessage, retriable, RpcErrorKind.NODE_ERROR);
    this.code = code;
    this.rpcMessage = rpcMessage;
    this.data = data;
  }

  /** The JSON-RPC error code. */
  public int code() {
    return code;
  }

  /** The node's error message. */
  public String rpcMessage() {
    return rpcMessage;
  }

  /** The error's {@code data} member as a hex string (revert data), when present. */
  public Optional<String> data() {
    return data;
  }
}
