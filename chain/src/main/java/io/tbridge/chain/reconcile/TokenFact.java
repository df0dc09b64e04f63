package io.tbridge.chain.reconcile;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A token as its bridge and the token itself report it at the reconciled block.
 *
 * @param chainId the chain
 * @param token the token
 * @param mode the bridge's {@code tokenConfig} mode (0 none, 1 lock/release, 2 burn/mint)
 * @param decimals decimals the bridge recorded for it
 * @param bridgeBalance {@code balanceOf(bridge)}: the custody
 * @param totalSupply {@code totalSupply()}
 */
public record TokenFact(
    ChainId chainId,
    Address token,
    int mode,
    int decimals,
    BigInteger bridgeBalance,
    BigInteger totalSupply) {

  /** Validates presence. */
  public TokenFact {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(bridgeBalance, "bridgeBalance");
    Objects.requireNonNull(totalSupply, "totalSupply");
  }
}
