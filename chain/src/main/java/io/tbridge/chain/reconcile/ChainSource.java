package io.tbridge.chain.reconcile;

import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One chain to reconcile.
 *
 * @param name operator's name of the chain (for messages)
 * @param chainId the chain id every endpoint of {@code reader} must report
 * @param reader the chain's endpoint quorum
 * @param bridge the Bridge contract
 * @param fromBlock first block read; the bridge's deployment block (or earlier) for a full history
 * @param toBlock last block read; empty for the final head, never above it
 */
public record ChainSource(
    String name,
    ChainId chainId,
    QuorumReader reader,
    Address bridge,
    long fromBlock,
    OptionalLong toBlock) {

  /** Validates presence and the block range. */
  public ChainSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(toBlock, "toBlock");
    if (fromBlock < 0) {
      throw new IllegalArgumentException("chain " + name + ": from-block must not be negative");
    }
    if (toBlock.isPresent() && toBlock.getAsLong() < fromBlock) {
      throw new IllegalArgumentException(
          "chain "
              + name
              + ": to-block "
              + toBlock.getAsLong()
              + " is below from-block "
              + fromBlock);
    }
  }
}
