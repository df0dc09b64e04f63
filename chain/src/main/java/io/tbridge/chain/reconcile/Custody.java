package io.tbridge.chain.reconcile;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What a bridge holds of a custody ({@code LOCK_RELEASE}) token against what its events say it must
 * hold.
 *
 * @param chainId the chain
 * @param token the token
 * @param balance {@code balanceOf(bridge)} at the reconciled block
 * @param owed Σ (received − fee) of its locks − Σ its releases − Σ its refunds, token units
 */
public record Custody(ChainId chainId, Address token, BigInteger balance, BigInteger owed) {

  /** Validates presence. */
  public Custody {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(owed, "owed");
  }

  /** Whether the balance covers what is owed. */
  public boolean covered() {
    return balance.compareTo(owed) >= 0;
  }
}
