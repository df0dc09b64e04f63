package io.tbridge.chain.reconcile;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The sums of one route (source chain and token to destination chain and token).
 *
 * @param srcChain source chain
 * @param dstChain destination chain
 * @param srcToken token locked on the source
 * @param dstToken token paid on the destination
 * @param locks {@code Locked} events of the route
 * @param lockedNet Σ (received − fee) of those locks, source units
 * @param lockedDst Σ amount of those locks, destination units
 * @param released locks of the route released on the destination
 * @param releasedDst Σ amount of those releases, destination units
 * @param voided locks of the route voided on the destination
 * @param refunded voided locks of the route refunded on the source
 * @param refundedSrc Σ amount of those refunds, source units
 * @param pending locks neither released nor voided
 * @param pendingDst Σ amount of the pending locks, destination units
 */
public record RouteTotals(
    ChainId srcChain,
    ChainId dstChain,
    Address srcToken,
    Address dstToken,
    long locks,
    BigInteger lockedNet,
    BigInteger lockedDst,
    long released,
    BigInteger releasedDst,
    long voided,
    long refunded,
    BigInteger refundedSrc,
    long pending,
    BigInteger pendingDst) {

  /** Validates presence. */
  public RouteTotals {
    Objects.requireNonNull(srcChain, "srcChain");
    Objects.requireNonNull(dstChain, "dstChain");
    Objects.requireNonNull(srcToken, "srcToken");
    Objects.requireNonNull(dstToken, "dstToken");
    Objects.requireNonNull(lockedNet, "lockedNet");
    Objects.requireNonNull(lockedDst, "lockedDst");
    Objects.requireNonNull(releasedDst, "releasedDst");
    Objects.requireNonNull(refundedSrc, "refundedSrc");
    Objects.requireNonNull(pendingDst, "pendingDst");
  }
}
