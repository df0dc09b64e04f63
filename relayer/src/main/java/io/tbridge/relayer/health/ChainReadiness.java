package io.tbridge.relayer.health;

import io.tbridge.chain.rpc.ChainHealth;
import io.tbridge.relayer.watch.ChainWatcher;

/**
 * The readiness verdict of one watched chain: halted, its RPC quorum silent for longer than {@code
 * relayer.health.rpc-stale-after} (with the cause), lagging, or fine.
 *
 * @param ready whether this chain lets the relayer be ready
 * @param detail what the readiness body says about the chain
 */
public record ChainReadiness(boolean ready, String detail) {

  /** The verdict for {@code watcher} whose reader reports to {@code health}. */
  public static ChainReadiness of(ChainWatcher watcher, ChainHealth health, long maxLagBlocks) {
    if (watcher.haltReason().isPresent()) {
      return new ChainReadiness(false, "halted: " + watcher.haltReason().get());
    }
    ChainHealth.Status rpc = health.status();
    if (!rpc.healthy()) {
      return new ChainReadiness(false, "rpc down: " + rpc.describe());
    }
    long lag = watcher.lagBlocks();
    if (lag > maxLagBlocks) {
      return new ChainReadiness(false, "lagging " + lag + " blocks");
    }
    return new ChainReadiness(true, "lag " + lag + " blocks");
  }
}
