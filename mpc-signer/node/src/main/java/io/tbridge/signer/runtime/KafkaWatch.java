package io.tbridge.signer.runtime;

import org.jboss.logging.Logger;

/**
 * Logs Kafka's reachability once per change, never per retry: one WARN when it is lost (naming the
 * address and the cause), one INFO when it is back. The Kafka clients' own per-reconnect warnings
 * are turned off in application.properties; this is what an operator sees instead.
 */
public final class KafkaWatch {

  private static final Logger LOG = Logger.getLogger(KafkaWatch.class);

  private enum State {
    UNKNOWN,
    REACHABLE,
    UNREACHABLE
  }

  private final int party;
  private final String servers;
  private State state = State.UNKNOWN;

  /** A watch of {@code servers} (the bootstrap servers) for party {@code party}'s log lines. */
  public KafkaWatch(int party, String servers) {
    if (servers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must be set");
    }
    this.party = party;
    this.servers = servers;
  }

  /**
   * Records the latest observation; logs only if it changes the state (the first observation logs
   * only when Kafka is unreachable).
   *
   * @param cause why it is unreachable (ignored when reachable)
   * @return whether a line was logged
   */
  public synchronized boolean observe(boolean reachable, String cause) {
    State next = reachable ? State.REACHABLE : State.UNREACHABLE;
    State was = state;
    state = next;
    if (was == next || (was == State.UNKNOWN && reachable)) {
      return false;
    }
    if (reachable) {
      LOG.infof("party=%d Kafka at %s answers again", party, servers);
    } else {
      LOG.warnf(
          "party=%d Kafka at %s is unreachable (%s); readiness is DOWN until it answers",
          party, servers, cause);
    }
    return true;
  }
}
