package io.tbridge.signer.sign;

import io.tbridge.core.Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the coordinator runs attempts.
 *
 * @param self this node's party index
 * @param parties every party of the key
 * @param threshold signers per committee (t)
 * @param keyId the key's id
 * @param groupAddress the group's Ethereum address (what every signature must recover to)
 * @param maxAttempts attempts per deposit before it is parked
 * @param deferRetry pause before a deferred hint is checked again
 * @param attemptTimeout how long a node outside an attempt's committee waits for its result
 * @param quorumRetry pause before an attempt is tried again when fewer than t parties are live
 * @param chains the chains this node has its own view of (a batch for any other is ignored)
 */
public record CoordinatorSettings(
    int self,
    List<Integer> parties,
    int threshold,
    String keyId,
    Address groupAddress,
    int maxAttempts,
    Duration deferRetry,
    Duration attemptTimeout,
    Duration quorumRetry,
    java.util.Set<io.tbridge.core.ChainId> chains) {

  /** Validating constructor. */
  public CoordinatorSettings {
    parties = List.copyOf(parties);
    chains = java.util.Set.copyOf(chains);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(groupAddress, "groupAddress");
    Objects.requireNonNull(deferRetry, "deferRetry");
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    Objects.requireNonNull(quorumRetry, "quorumRetry");
    if (!parties.contains(self)) {
      throw new IllegalArgumentException("party " + self + " is not one of " + parties);
    }
    if (threshold < 1 || threshold > parties.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " does not fit " + parties);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }
}
