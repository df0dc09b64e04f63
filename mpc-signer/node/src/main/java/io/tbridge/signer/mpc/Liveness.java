package io.tbridge.signer.mpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who is reachable: this node sends a signed heartbeat every interval; a party counts as live when
 * an authentic heartbeat of it arrived within the window. A heartbeat whose own time is more than a
 * window away from this node's clock is ignored, so a replayed old heartbeat cannot make a dead
 * party look alive.
 */
public final class Liveness implements AutoCloseable {

  private final MpcTransport transport;
  private final Clock clock;
  private final Duration window;
  private final Map<Integer, Instant> lastHeard = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> beat;

  /** Starts sending heartbeats every {@code interval} and listening for others'. */
  public Liveness(
      MpcTransport transport,
      Clock clock,
      Duration interval,
      Duration window,
      ScheduledExecutorService timers) {
    this.transport = transport;
    this.clock = clock;
    this.window = window;
    transport.onControl(
        (from, m) -> {
          if (m instanceof ControlMessage.Heartbeat h) {
            Instant now = clock.instant();
            if (Duration.between(h.at(), now).abs().compareTo(window) <= 0) {
              lastHeard.put(from, now);
            }
          }
        });
    this.beat =
        timers.scheduleAtFixedRate(
            () -> {
              try {
                transport.sendControl(new ControlMessage.Heartbeat(clock.instant()));
              } catch (RuntimeException e) {
                // The next beat tries again; readiness reports Kafka trouble.
              }
            },
            0,
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Parties heard from within the window, this node included. */
  public Set<Integer> liveParties() {
    Instant cutoff = clock.instant().minus(window);
    Set<Integer> out = new TreeSet<>();
    out.add(transport.self());
    lastHeard.forEach(
        (p, at) -> {
          if (!at.isBefore(cutoff)) {
            out.add(p);
          }
        });
    return out;
  }

  /** When {@code party} was last heard from, if ever. */
  public java.util.Optional<Instant> lastHeard(int party) {
    return java.util.Optional.ofNullable(lastHeard.get(party));
  }

  @Override
  public void close() {
    beat.cancel(false);
  }
}
