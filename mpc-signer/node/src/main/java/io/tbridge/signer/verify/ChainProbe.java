package io.tbridge.signer.verify;

import io.tbridge.chain.rpc.ChainHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps this node's view of each chain's health current: the node reads a chain only when a lock
 * arrives, so the probe asks every chain's own endpoint quorum for its final head at every round,
 * and the readers report each answer or failure to their {@link ChainHealth} (unhealthy after its
 * {@code rpc-stale-after} without a quorum answer; one WARN when that happens, one INFO on
 * recovery, logged by {@link ChainHealth}).
 */
public final class ChainProbe {

  private static final Logger LOG = Logger.getLogger(ChainProbe.class);

  private final List<ChainView> chains;

  /** A probe of {@code chains}. */
  public ChainProbe(List<ChainView> chains) {
    this.chains = List.copyOf(chains);
  }

  /** Asks every chain's quorum once (blocking on RPC; run it on a background thread). */
  public void probeOnce() {
    for (ChainView c : chains) {
      try {
        c.reader().finalHead(c.profile());
      } catch (RuntimeException e) {
        // The reader already told its health why; nothing more to say per failed probe.
        LOG.debugf("chain %s probe failed: %s", c.name(), e.getMessage());
      }
    }
  }

  /** Chains whose quorum has not answered within the limit, with the cause. */
  public Map<String, String> unhealthy() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ChainView c : chains) {
      ChainHealth.Status s = c.reader().health().status();
      if (!s.healthy()) {
        out.put(c.name(), s.describe());
      }
    }
    return out;
  }

  /** Seconds since the quorum of {@code chain} last answered, if the chain is known. */
  public Optional<Double> secondsSinceAnswer(String chain) {
    return chains.stream()
        .filter(c -> c.name().equals(chain))
        .findFirst()
        .map(c -> c.reader().health().status().sinceLastAnswer().toMillis() / 1000.0);
  }
}
