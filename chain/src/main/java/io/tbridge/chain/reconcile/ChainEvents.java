package io.tbridge.chain.reconcile;

import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.bridge.ReleasedEventDecoder;
import io.tbridge.chain.bridge.StuckDepositEventDecoder.Refunded;
import io.tbridge.chain.bridge.StuckDepositEventDecoder.Voided;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.util.List;
import java.util.Objects;

/**
 * Every reconciliation event one bridge emitted in a block range.
 *
 * @param name the chain's name
 * @param chainId the chain
 * @param bridge the bridge
 * @param fromBlock first block read
 * @param toBlock last block read (final)
 * @param locks {@code Locked}, with received and fee
 * @param releases {@code Released}
 * @param voids {@code DepositVoided}
 * @param refunds {@code Refunded}
 */
public record ChainEvents(
    String name,
    ChainId chainId,
    Address bridge,
    long fromBlock,
    long toBlock,
    List<LockedEventDecoder.Decoded> locks,
    List<ReleasedEventDecoder.Decoded> releases,
    List<Voided> voids,
    List<Refunded> refunds) {

  /** Validates presence; copies the lists. */
  public ChainEvents {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(bridge, "bridge");
    locks = List.copyOf(locks);
    releases = List.copyOf(releases);
    voids = List.copyOf(voids);
    refunds = List.copyOf(refunds);
  }
}
