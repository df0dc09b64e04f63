package io.tbridge.devnet;

import java.util.Objects;

/**
 * One devnet chain as deployed.
 *
 * @param name {@code chain-a} or {@code chain-b}
 * @param chainId EIP-155 chain id
 * @param rpcUrl its JSON-RPC endpoint on 127.0.0.1
 * @param bridge the Bridge address (EIP-55)
 * @param deployBlock the bridge's deployment block (where watching starts)
 * @param token the TST address on this chain (the test token on chain-a, its bridged token on
 *     chain-b)
 */
public record DevChain(
    String name, long chainId, String rpcUrl, String bridge, long deployBlock, String token) {
  /** Validates presence. */
  public DevChain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(token, "token");
  }
}
