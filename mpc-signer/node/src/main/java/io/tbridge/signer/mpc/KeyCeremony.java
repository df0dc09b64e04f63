package io.tbridge.signer.mpc;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.auxinfo.AuxInfoSession;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.keygen.KeygenSession;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.SessionRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Distributed key generation and aux-info between the signer nodes over the transport, with no
 * dealer: each party draws its own polynomial and its own Paillier key; nothing secret ever leaves
 * a node except encrypted to its recipient. Every party of the committee must take part, so the
 * ceremony waits until it hears from all of them (a heartbeat means that party's consumer is
 * already reading, so no round-1 message can be missed).
 */
public final class KeyCeremony {

  private static final Logger LOG = Logger.getLogger(KeyCeremony.class);

  private final SessionDriver driver;
  private final Liveness liveness;
  private final SessionRegistry registry;
  private final SecureRandom random;
  private final Duration roundDeadline;
  private final Clock clock;

  /** A ceremony runner; rounds wait at most {@code roundDeadline} for the slowest party. */
  public KeyCeremony(
      SessionDriver driver,
      Liveness liveness,
      SessionRegistry registry,
      SecureRandom random,
      Duration roundDeadline,
      Clock clock) {
    this.driver = driver;
    this.liveness = liveness;
    this.registry = registry;
    this.random = random;
    this.roundDeadline = roundDeadline;
    this.clock = clock;
  }

  /**
   * Generates this party's share of a new key {@code keyId} with every party of {@code committee}.
   */
  public KeyShare keygen(
      String keyId,
      String label,
      Committee committee,
      SecurityLevel level,
      int self,
      Duration waitForParties)
      throws CeremonyException {
    awaitAll(committee, waitForParties);
    try {
      return run(
          new KeygenSession(
              SessionIds.keygen(keyId, label), committee, self, registry, random, level),
          "keygen");
    } catch (ProtocolAbort e) {
      throw new CeremonyException("keygen could not start: " + e.getMessage());
    }
  }

  /** Runs aux-info for this party with its own Paillier key {@code own}. */
  public AuxInfo auxInfo(
      String keyId,
      String label,
      Committee committee,
      int self,
      SecurityLevel level,
      PaillierSecretKey own,
      Duration waitForParties)
      throws CeremonyException {
    awaitAll(committee, waitForParties);
    try {
      return run(
          new AuxInfoSession(
              SessionIds.auxInfo(keyId, label), self, committee, level, own, random, registry),
          "aux-info");
    } catch (ProtocolAbort e) {
      throw new CeremonyException("aux-info could not start: " + e.getMessage());
    }
  }

  private void awaitAll(Committee committee, Duration wait) throws CeremonyException {
    Instant until = clock.instant().plus(wait);
    Set<Integer> live = liveness.liveParties();
    while (!live.containsAll(committee.parties())) {
      if (clock.instant().isAfter(until)) {
        throw new CeremonyException(
            "only parties " + live + " of " + committee.parties() + " answered within " + wait);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CeremonyException("interrupted while waiting for the other parties");
      }
      live = liveness.liveParties();
    }
  }

  private <R> R run(RoundBasedSession<R> session, String what) throws CeremonyException {
    LOG.infof(
        "%s session %s started with parties %s",
        what, session.sessionId().hex(), session.parties());
    SessionOutcome<R> outcome;
    try {
      // A whole ceremony has at most a handful of rounds; each may take the full deadline.
      outcome =
          driver
              .run(session, roundDeadline)
              .get(roundDeadline.toMillis() * 12, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CeremonyException(what + " interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new CeremonyException(what + " did not finish: " + e);
    }
    if (outcome instanceof SessionOutcome.Completed<R> c) {
      LOG.infof("%s session %s completed", what, session.sessionId().hex());
      return c.result();
    }
    if (outcome instanceof SessionOutcome.Aborted<R> a) {
      throw new CeremonyException(
          what
              + " aborted: check "
              + a.check()
              + (a.culprit().isPresent()
                  ? " failed for party " + a.culprit().getAsInt()
                  : " (nobody named)"));
    }
    throw new CeremonyException(
        what
            + " timed out waiting for parties "
            + ((SessionOutcome.TimedOut<R>) outcome).suspects()
            + " (suspected)");
  }

  /** A ceremony failed; the message names the check and the party, or the silent parties. */
  public static final class CeremonyException extends Exception {
    /** A failure described by {@code message}. */
    public CeremonyException(String message) {
      super(message);
    }
  }
}
