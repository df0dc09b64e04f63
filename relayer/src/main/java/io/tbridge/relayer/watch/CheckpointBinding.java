package io.tbridge.relayer.watch;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a chain's checkpoint was written for: a checkpoint says "no lock of <em>this</em> bridge up
 * to block N under <em>this</em> finality rule", so it is meaningless for another bridge or
 * profile.
 *
 * @param chainId the chain
 * @param bridge the Bridge contract whose locks the checkpoint covers
 * @param profile the finality profile's name
 * @param rescanApplied the last {@code rescan-from-block} value applied (so it is applied once)
 */
public record CheckpointBinding(
    ChainId chainId, Address bridge, String profile, OptionalLong rescanApplied) {

  /** Validates fields. */
  public CheckpointBinding {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(rescanApplied, "rescanApplied");
    if (profile.isBlank()) {
      throw new IllegalArgumentException("binding profile must not be blank");
    }
  }

  /** Whether {@code other} binds the same chain, bridge and profile (ignores the rescan marker). */
  public boolean sameTarget(CheckpointBinding other) {
    return chainId.equals(other.chainId)
        && bridge.equals(other.bridge)
        && profile.equals(other.profile);
  }

  /** {@code chain id, bridge, profile} for messages. */
  public String describe() {
    return "(chain id " + chainId.value() + ", bridge " + bridge + ", profile " + profile + ")";
  }
}
