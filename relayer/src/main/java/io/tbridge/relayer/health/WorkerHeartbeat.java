package io.tbridge.relayer.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The heartbeat of one worker loop: it marks the start and end of each poll, and counts as stuck
 * once a poll has run longer than its deadline (an RPC or Kafka call that never returns). A live
 * thread blocked forever is what a thread-alive check cannot see.
 */
public final class WorkerHeartbeat {

  private final String worker;
  private final Clock clock;
  private final Duration deadline;
  private volatile Instant pollStarted;

  /** A heartbeat of {@code worker} (a name for the health body) with a poll deadline. */
  public WorkerHeartbeat(String worker, Clock clock, Duration deadline) {
    this.worker = Objects.requireNonNull(worker, "worker");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("relayer.health.poll-deadline must be positive");
    }
  }

  /** The worker's name. */
  public String worker() {
    return worker;
  }

  /** A poll begins. */
  public void begin() {
    pollStarted = clock.instant();
  }

  /** The poll ended (normally or not). */
  public void end() {
    pollStarted = null;
  }

  /** How long the current poll has been running, if one is. */
  public Optional<Duration> inPollFor() {
    Instant started = pollStarted;
    return started == null
        ? Optional.empty()
        : Optional.of(Duration.between(started, clock.instant()));
  }

  /** Whether the current poll has run longer than the deadline. */
  public boolean stuck() {
    return inPollFor().map(d -> d.compareTo(deadline) > 0).orElse(false);
  }
}
