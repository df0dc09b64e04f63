package io.tbridge.relayer.watch;

import io.tbridge.core.finality.ChainProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Makes a wait for finality visible: "blocks until final" (the newest head any endpoint reported
 * minus the final head, the wait a lock mined now has ahead of it) and one INFO line when the final
 * head has not moved for longer than the profile lets one expect, one more when it moves again.
 * Expected: three epochs of 32 slots for profiles that use the {@code finalized} tag (Ethereum
 * finalises every two), otherwise ten block times and at least 30 s.
 */
final class FinalityWatch {

  private static final Logger LOG = Logger.getLogger(FinalityWatch.class);

  private final String chain;
  private final Duration expected;
  private final Clock clock;
  private long lastFinal = -1;
  private Instant movedAt;
  private volatile long blocksUntilFinal = -1;
  private volatile boolean stalled;

  FinalityWatch(String chain, ChainProfile profile, Clock clock) {
    this.chain = chain;
    this.clock = clock;
    this.expected = expected(profile);
    this.movedAt = clock.instant();
  }

  /** How long the final head may stand still before it is reported. */
  static Duration expected(ChainProfile profile) {
    if (profile.mode().usesFinalizedTag()) {
      return profile.blockTime().multipliedBy(96);
    }
    Duration d = profile.blockTime().multipliedBy(10);
    return d.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : d;
  }

  /** One poll's view: the quorum's final head and the newest head seen, either may be unknown. */
  synchronized void observe(OptionalLong finalHead, OptionalLong latest) {
    Instant now = clock.instant();
    if (finalHead.isPresent() && latest.isPresent()) {
      blocksUntilFinal = Math.max(0, latest.getAsLong() - finalHead.getAsLong());
    } else {
      blocksUntilFinal = -1;
    }
    if (finalHead.isPresent() && finalHead.getAsLong() != lastFinal) {
      lastFinal = finalHead.getAsLong();
      movedAt = now;
      if (stalled) {
        stalled = false;
        LOG.infof("chain=%s final head moves again: block %d", chain, lastFinal);
      }
      return;
    }
    if (!stalled && Duration.between(movedAt, now).compareTo(expected) > 0) {
      stalled = true;
      LOG.infof(
          "chain=%s final head has not moved for %ds (expected within %ds): locks wait for"
              + " finality; %s blocks until final",
          chain,
          Duration.between(movedAt, now).toSeconds(),
          expected.toSeconds(),
          blocksUntilFinal < 0 ? "unknown" : Long.toString(blocksUntilFinal));
    }
  }

  /** Newest head minus final head; -1 when unknown. */
  long blocksUntilFinal() {
    return blocksUntilFinal;
  }

  /** Whether the final head stands still for longer than expected. */
  boolean stalled() {
    return stalled;
  }
}
