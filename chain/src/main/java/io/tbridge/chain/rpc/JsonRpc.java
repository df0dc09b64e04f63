package io.tbridge.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One JSON-RPC endpoint: sends a method call and returns its {@code result} member. */
public interface JsonRpc {

  /**
   * Calls {@code method} with positional {@code params}; returns the result (possibly a JSON null)
   * or throws {@link RpcException}.
   */
  JsonNode call(String method, List<?> params);

  /** The endpoint's display name: scheme, host and port, never credentials. */
  String name();
}
