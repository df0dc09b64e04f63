package io.tbridge.signer.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Whether this node's own endpoint quorum of each chain answers: asked for the final head at every
 * probe, a chain is healthy while a quorum answered within {@code staleAfter}. Readiness reports
 * the unhealthy chains with their last cause; the log gets one WARN when a chain turns unhealthy
 * and one INFO when it recovers, never one per failed probe.
 */
public final class ChainProbe {

  private static final Logger LOG = Logger.getLogger(ChainProbe.class);

  /** What the last probes of one chain showed. */
  private static final class State {
    volatile Instant lastAnswer;
    volatile String lastError = "not probed yet";
    volatile boolean healthy = true;

    State(Instant start) {
      // A chain gets the full grace period at start before it counts as silent.
      this.lastAnswer = start;
    }
  }

  private final List<ChainView> chains;
  private final Duration staleAfter;
  private final Clock clock;
  private final String who;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** A probe of {@code chains}; {@code who} prefixes log lines (e.g. "party=2"). */
  public ChainProbe(List<ChainView> chains, Duration staleAfter, Clock clock, String who) {
    this.chains = List.copyOf(chains);
    this.staleAfter = staleAfter;
    this.clock = clock;
    this.who = who;
    Instant now = clock.instant();
    chains.forEach(c -> states.put(c.name(), new State(now)));
  }

  /** Asks every chain's quorum once (blocking on RPC; run it on a background thread). */
  public void probeOnce() {
    for (ChainView c : chains) {
      State s = states.get(c.name());
      try {
        OptionalLong head = c.reader().finalHead(c.profile());
        if (head.isPresent()) {
          s.lastAnswer = clock.instant();
          s.lastError = "none";
        } else {
          s.lastError = "fewer than " + c.reader().quorum() + " endpoint(s) report a final head";
        }
      } catch (RuntimeException e) {
        s.lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      boolean healthy = !clock.instant().isAfter(s.lastAnswer.plus(staleAfter));
      if (s.healthy && !healthy) {
        LOG.warnf(
            "%s chain %s (%s): no endpoint quorum answered for %s: %s",
            who, c.name(), c.chainId(), staleAfter, s.lastError);
      } else if (!s.healthy && healthy) {
        LOG.infof("%s chain %s (%s): endpoint quorum answers again", who, c.name(), c.chainId());
      }
      s.healthy = healthy;
    }
  }

  /** Chains whose quorum has not answered within the limit, with the last cause. */
  public Map<String, String> unhealthy() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ChainView c : chains) {
      State s = states.get(c.name());
      if (!s.healthy) {
        out.put(c.name(), s.lastError);
      }
    }
    return out;
  }

  /** Seconds since the quorum of {@code chain} last answered, if the chain is known. */
  public Optional<Double> secondsSinceAnswer(String chain) {
    State s = states.get(chain);
    return s == null
        ? Optional.empty()
        : Optional.of(Duration.between(s.lastAnswer, clock.instant()).toMillis() / 1000.0);
  }
}
