package io.tbridge.chain.rpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Whether one chain's endpoint quorum answers. A {@link QuorumReader} reports every read: {@link
 * #answered()} when a quorum gave one answer, {@link #failed} otherwise. The chain is unhealthy
 * once no quorum answered for longer than {@code staleAfter}: a time, not a count of failures, so
 * that retries never flap the state and a call hung on a stopped node (which reports nothing until
 * it times out) still turns it unhealthy. Each change is logged once (WARN when it goes, INFO when
 * it comes back) and told to the listeners (in order, under this object's lock); the clock is
 * injected so tests need not sleep.
 */
public final class ChainHealth {

  private static final Logger LOG = Logger.getLogger(ChainHealth.class);

  /** Told of every state change, on the thread that noticed it. */
  public interface Listener {
    /** The chain turned healthy ({@code status.healthy()}) or unhealthy. */
    void changed(Status status);
  }

  /**
   * A snapshot.
   *
   * @param chain the chain's name
   * @param healthy whether a quorum answered within {@code staleAfter}
   * @param lastAnswer when a quorum last answered (the start time if it never did)
   * @param sinceLastAnswer time since {@code lastAnswer}
   * @param lastError the kind and description of the last failed read since then, if any
   */
  public record Status(
      String chain,
      boolean healthy,
      Instant lastAnswer,
      Duration sinceLastAnswer,
      Optional<Failure> lastError) {

    /** One line for readiness and logs: the cause, or "ok". */
    public String describe() {
      if (healthy) {
        return "ok";
      }
      String cause =
          lastError
              .map(f -> f.kind().label() + ": " + f.detail())
              .orElse("no answer yet (calls still waiting: a hung endpoint?)");
      return "no quorum answer for " + sinceLastAnswer.toSeconds() + "s, " + cause;
    }
  }

  /**
   * A failed read.
   *
   * @param kind what went wrong (the most telling kind among the endpoints)
   * @param detail endpoint names and their errors, never URLs with credentials
   */
  public record Failure(RpcErrorKind kind, String detail) {
    /** Validates fields. */
    public Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }
  }

  private final String chain;
  private final Clock clock;
  private final Duration staleAfter;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private Instant lastAnswer;
  private Optional<Failure> lastError = Optional.empty();
  private boolean healthy = true;

  /**
   * Health of {@code chain} (a name for logs), unhealthy after {@code staleAfter} without a quorum
   * answer; the start counts as an answer, so a chain gets {@code staleAfter} to answer first.
   */
  public ChainHealth(String chain, Clock clock, Duration staleAfter) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("chain " + chain + ": rpc-stale-after must be positive");
    }
    this.lastAnswer = clock.instant();
  }

  /** Adds a listener of state changes. */
  public void addListener(Listener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  /** The chain's name. */
  public String chain() {
    return chain;
  }

  /** A quorum answered a read. */
  public synchronized void answered() {
    Duration outage = since();
    lastAnswer = clock.instant();
    lastError = Optional.empty();
    if (!healthy) {
      healthy = true;
      LOG.infof("chain=%s RPC quorum answers again after %ds", chain, outage.toSeconds());
      notifyListeners();
    }
  }

  /** A read failed: fewer than a quorum answered, or they disagreed. */
  public synchronized void failed(RpcErrorKind kind, String detail) {
    lastError = Optional.of(new Failure(kind, detail));
    evaluate();
  }

  /** The current state; also notices (and logs) a chain that went stale while calls hang. */
  public synchronized Status status() {
    evaluate();
    return snapshot();
  }

  /** Turns unhealthy once stale; only {@link #answered} turns it healthy again. */
  private void evaluate() {
    if (healthy && since().compareTo(staleAfter) > 0) {
      healthy = false;
      // Logged here, once per episode: retries keep failing but change nothing.
      LOG.warnf("chain=%s RPC unhealthy: %s", chain, snapshot().describe());
      notifyListeners();
    }
  }

  private Duration since() {
    Duration d = Duration.between(lastAnswer, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private Status snapshot() {
    return new Status(chain, healthy, lastAnswer, since(), lastError);
  }

  private void notifyListeners() {
    Status now = snapshot();
    for (Listener l : listeners) {
      l.changed(now);
    }
  }
}
