package io.tbridge.core.eip712;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.util.Objects;

/**
 * The EIP-712 domain of a destination bridge: name "Bridge", version "1", the destination chain and
 * the destination bridge contract. Binding both is what makes a signature for one chain or contract
 * worthless on another.
 *
 * @param chainId destination chain
 * @param verifyingContract destination Bridge contract
 */
public record Eip712Domain(ChainId chainId, Address verifyingContract) {
  /** The domain name every Bridge contract uses. */
  public static final String NAME = "Bridge";

  /** The domain version every Bridge contract uses. */
  public static final String VERSION = "1";

  /** Validates presence; the zero address is never a bridge. */
  public Eip712Domain {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(verifyingContract, "verifyingContract");
    if (verifyingContract.isZero()) {
      throw new IllegalArgumentException("verifyingContract must not be the zero address");
    }
  }

  /** The domain of the Bridge at {@code verifyingContract} on {@code chainId}. */
  public static Eip712Domain of(ChainId chainId, Address verifyingContract) {
    return new Eip712Domain(chainId, verifyingContract);
  }
}
