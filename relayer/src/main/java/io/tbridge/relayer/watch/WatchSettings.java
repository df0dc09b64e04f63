package io.tbridge.relayer.watch;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import java.time.Duration;
import java.util.Objects;

/**
 * What one chain watcher needs to know.
 *
 * @param name chain name used in logs and metrics
 * @param chainId the chain's id
 * @param bridge the Bridge contract whose Locked events count
 * @param profile finality rule
 * @param startBlock first block to scan when there is no checkpoint
 * @param maxRange most blocks per eth_getLogs call
 * @param pollInterval pause between polls once caught up
 */
public record WatchSettings(
    String name,
    ChainId chainId,
    Address bridge,
    ChainProfile profile,
    long startBlock,
    int maxRange,
    Duration pollInterval) {

  /** Validates fields. */
  public WatchSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (bridge.isZero()) {
      throw new IllegalArgumentException("chain " + name + ": bridge address must not be zero");
    }
    if (startBlock < 0) {
      throw new IllegalArgumentException("chain " + name + ": start block must be >= 0");
    }
    if (maxRange < 1 || maxRange > 100_000) {
      throw new IllegalArgumentException("chain " + name + ": max range must be in [1, 100000]");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("chain " + name + ": poll interval must be positive");
    }
  }
}
