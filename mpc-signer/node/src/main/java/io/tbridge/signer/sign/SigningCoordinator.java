package io.tbridge.signer.sign;

import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.signer.intake.LockIntake;
import io.tbridge.signer.mpc.CommitteeSelector;
import io.tbridge.signer.mpc.ControlMessage;
import io.tbridge.signer.output.SignerPublisher;
import io.tbridge.signer.state.SignerState;
import io.tbridge.tss.protocol.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns lock hints into group signatures, without a leader. For each hint: the checks ({@link
 * DepositCheck}) on a verification thread; then attempts 0, 1, 2, … whose committee every node
 * derives from the attempt's seed among the parties it hears from, minus the parties a failed proof
 * named. A member runs the sessions ({@link CommitteeSigning}); everybody else waits for the signed
 * release, an abandonment notice from a member, or the attempt's deadline, then moves on. After
 * {@code maxAttempts} the deposit is parked durably, with a status event and an alert.
 *
 * <p>All state changes happen on one scheduler thread; blocking work (chain reads, protocol rounds)
 * runs elsewhere and reports back to it.
 */
public final class SigningCoordinator implements LockIntake, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SigningCoordinator.class);

  private final CoordinatorSettings settings;
  private final DepositCheck check;
  private final CommitteeSigning committee;
  private final Supplier<Set<Integer>> liveParties;
  private final AttemptNotices notices;
  private final ReleasedCheck released;
  private final SignerPublisher publisher;
  private final SignerState state;
  private final SignerMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private final ExecutorService verifiers;
  private final Map<DepositId, Pending> inFlight = new HashMap<>();
  private final Map<SessionId, Attempt> attemptsBySession = new HashMap<>();
  private final Set<DepositId> deferredLogged = new java.util.HashSet<>();

  private record Refusal(int party, Hash32 release) {}

  /** Attempts other members began for deposits this node has not (yet) agreed to; bounded. */
  private final Map<DepositId, Integer> peerAttemptsEarly =
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DepositId, Integer> e) {
          return size() > 10_000;
        }
      };

  /** Refusals of deposits this node has not (yet) agreed to sign; bounded. */
  private final Map<DepositId, Map<Integer, Hash32>> declinedEarly =
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DepositId, Map<Integer, Hash32>> e) {
          return size() > 10_000;
        }
      };

  private final BatchSigning batching;
  private final SingleRequests singles;
  private final BatchSettings batchSettings;

  /** Where attempt failures are announced, so nodes outside the committee move on at once. */
  @FunctionalInterface
  public interface AttemptNotices {
    /** Tells the other nodes that this node abandoned the attempt of {@code session}. */
    void abandoned(SessionId session, OptionalInt culprit, String check);

    /** Sends a batch proposal or a batch abandonment to the other nodes. */
    default void batch(ControlMessage message) {}

    /**
     * Tells the other nodes that this node begins {@code attempt} of {@code deposit} as a member.
     */
    default void begun(DepositId deposit, int attempt) {}

    /** Tells the other nodes that this node refused {@code deposit} and will not sign it. */
    default void declined(DepositId deposit, Hash32 release, String reason) {}
  }

  private record Attempt(DepositId deposit, int attempt, List<Integer> members) {}

  /** A coordinator; {@code loop} must be single-threaded, {@code verifiers} may block on RPC. */
  public SigningCoordinator(
      CoordinatorSettings settings,
      BatchSettings batchSettings,
      DepositCheck check,
      CommitteeSigning committee,
      Supplier<Set<Integer>> liveParties,
      AttemptNotices notices,
      ReleasedCheck released,
      SignerPublisher publisher,
      SignerState state,
      SignerMetrics metrics,
      Clock clock,
      ScheduledExecutorService loop,
      ExecutorService verifiers) {
    this.settings = settings;
    this.check = check;
    this.committee = committee;
    this.liveParties = liveParties;
    this.notices = notices;
    this.released = released;
    this.publisher = publisher;
    this.state = state;
    this.metrics = metrics;
    this.clock = clock;
    this.loop = loop;
    this.verifiers = verifiers;
    this.batchSettings = batchSettings;
    this.singles = new SingleRequests(state, clock);
    this.batching =
        new BatchSigning(batchSettings, settings, committee, new BatchHost(), metrics, clock, loop);
    if (batchSettings.enabled()) {
      batching.start();
    }
  }

  /** The coordinator's side of batching; called on the loop thread only. */
  private final class BatchHost implements BatchSigning.Host {
    @Override
    public Optional<Pending> pending(DepositId id) {
      return Optional.ofNullable(inFlight.get(id)).filter(p -> !p.done);
    }

    @Override
    public void solo(Pending p, String why) {
      LOG.debugf("%s goes alone: %s", p.label(), why);
      p.mode = Pending.Mode.SOLO;
      attempt(p);
    }

    @Override
    public void batchSigned(
        List<Pending> deposits,
        ReleaseBatch batch,
        Eip712Domain domain,
        Signature65 signature,
        List<Integer> members,
        long window,
        boolean finish) {
      SessionId signId =
          committee.batchSessionIds(BridgeEip712.digest(domain, batch), window, members).get(1);
      publish(
          deposits, batch, domain, signature, members, signId, "batch window=" + window, finish);
    }

    @Override
    public Set<Integer> liveParties() {
      return liveParties.get();
    }

    @Override
    public void send(ControlMessage message) {
      notices.batch(message);
    }
  }

  /** A batch proposal from party {@code from} (authenticated). */
  public void batchProposal(int from, ControlMessage.BatchProposal proposal) {
    if (batchSettings.enabled()) {
      loop.execute(() -> batching.onProposal(from, proposal));
    }
  }

  /**
   * Party {@code from} refused {@code deposit} (authenticated): it is left out of the deposit's
   * committees, as it would only make them wait.
   */
  public void declinedBy(int from, DepositId deposit, Hash32 release) {
    loop.execute(
        () -> {
          if (from == settings.self()) {
            return;
          }
          Pending p = inFlight.get(deposit);
          if (p == null) {
            // One refusal per party per deposit: a party cannot grow this by repeating itself.
            declinedEarly.computeIfAbsent(deposit, d -> new HashMap<>()).put(from, release);
            return;
          }
          exclude(p, new Refusal(from, release));
        });
  }

  /** Leaves the refusing party out only if it refused the very release this node agreed to. */
  private void exclude(Pending p, Refusal r) {
    if (r.release().equals(BridgeEip712.structHash(p.ready.release()))
        && p.excluded.add(r.party())) {
      LOG.infof("%s: party %d refused it; left out of its committees", p.label(), r.party());
    }
  }

  /** Party {@code from} gave up a batch (authenticated). */
  public void batchAbandoned(int from, ControlMessage.BatchAbandoned notice) {
    loop.execute(() -> batching.onAbandoned(from, notice));
  }

  @Override
  public void accept(LockEvent hint, Runnable settled) {
    verifiers.execute(() -> checkNow(hint, settled, false));
  }

  /**
   * The submitter asks for a single release of a deposit whose batch cannot be paid whole: taken up
   * once, for a deposit this node verified, by verifying its lock again (see {@link
   * SingleRequests}).
   */
  public void singleRequested(io.tbridge.core.wire.SingleRequest request) {
    verifiers.execute(
        () -> singles.takeUp(request).ifPresent(hint -> checkNow(hint, () -> {}, true)));
  }

  /**
   * Takes up again the single releases taken up before a restart and not done (called once the
   * signed topic was read, so singles the others signed meanwhile are known done).
   */
  public void resumeSingles() {
    verifiers.execute(() -> singles.unfinished().forEach(h -> checkNow(h, () -> {}, true)));
  }

  /** Deposits agreed and not yet signed, parked or refused (for health and tests). */
  public int inFlight() {
    return call(inFlight::size);
  }

  /**
   * Learns that a signed release exists (from {@code bridge.signed.v1}): its deposits need no
   * further attempt here. Only a signature that recovers to the group address counts, so a forged
   * record on the topic can end nothing.
   */
  public void signedSeen(SignedRelease signed) {
    if (signed
        .signature()
        .recoverSigner(signed.digest())
        .filter(settings.groupAddress()::equals)
        .isEmpty()) {
      LOG.warnf("signed release %s ignored: its signature is not the group's", signed.key());
      return;
    }
    List<Release> releases =
        signed.payload() instanceof ReleaseBatch b
            ? b.releases()
            : List.of((Release) signed.payload());
    if (signed.payload() instanceof Release one) {
      // Here, not on the loop: once the signed topic is read, a resumed single sees it done.
      singles.done(one.depositId());
    }
    loop.execute(
        () -> {
          for (Release r : releases) {
            Pending p = inFlight.get(r.depositId());
            // A deposit re-signed alone is finished only by a single signature: its batch's
            // signature exists, but that batch cannot be paid.
            boolean batchOfSingle =
                p != null && p.single && signed.payload() instanceof ReleaseBatch;
            if (p != null && p.ready.release().equals(r) && !batchOfSingle) {
              LOG.infof("%s signed by parties %s", p.label(), signed.signers().parties());
              finish(p);
            }
          }
        });
  }

  /**
   * Another node abandoned the attempt of {@code session}: if it is ours, move on without waiting.
   */
  public void abandonedBy(int party, SessionId session, String check) {
    loop.execute(
        () -> {
          Attempt a = attemptsBySession.get(session);
          if (a == null) {
            return;
          }
          Pending p = inFlight.get(a.deposit());
          if (p == null || p.done || p.attempt != a.attempt()) {
            return;
          }
          if (!p.memberRunning) {
            LOG.debugf("%s attempt %d abandoned by party %d", p.label(), a.attempt(), party);
            next(p, "abandoned by party " + party);
          } else if (a.members().contains(party) && party != settings.self()) {
            // A member gave up: the sessions cannot complete without it; end ours now.
            committee.cancel(
                committee.sessionIds(p.ready.digest(), a.attempt(), a.members()),
                a.members(),
                party,
                check);
          }
        });
  }

  /**
   * Another member began {@code attempt} of {@code deposit}: a node behind it (restarted, or
   * waiting for a quorum while the others moved on) joins that attempt, since members at different
   * attempts never meet in one session.
   */
  public void attemptBegunBy(int party, DepositId deposit, int attempt) {
    loop.execute(
        () -> {
          if (attempt >= settings.maxAttempts() || party == settings.self()) {
            return;
          }
          Pending p = inFlight.get(deposit);
          if (p == null) {
            peerAttemptsEarly.merge(deposit, attempt, Math::max);
            return;
          }
          if (p.done || attempt <= p.attempt) {
            return;
          }
          p.peerAttempt = Math.max(p.peerAttempt, attempt);
          if (p.mode != Pending.Mode.SOLO) {
            return; // applied when it goes alone (attempt() starts at peerAttempt)
          }
          LOG.infof(
              "%s: party %d began attempt %d; this node was at attempt %d and joins it",
              p.label(), party, attempt, p.attempt);
          if (p.memberRunning) {
            committee.cancel(
                committee.sessionIds(p.ready.digest(), p.attempt, p.members),
                p.members,
                settings.self(),
                "behind");
            p.memberRunning = false;
          }
          p.cancelTimer();
          p.attempt = attempt;
          attempt(p);
        });
  }

  private void checkNow(LockEvent hint, Runnable settled, boolean single) {
    DepositId id = hint.depositId();
    if (state.parked(id).isPresent()) {
      LOG.infof("deposit=%s is parked; not signing it again until an operator unparks it", id);
      settled.run();
      return;
    }
    CheckOutcome outcome;
    try {
      outcome = check.check(hint);
    } catch (RuntimeException e) {
      outcome = new CheckOutcome.Deferred("check failed: " + e.getMessage());
    }
    if (outcome instanceof CheckOutcome.Deferred d) {
      metrics.verification("deferred", "-");
      boolean first;
      synchronized (deferredLogged) {
        first = deferredLogged.add(id);
      }
      if (first) {
        LOG.infof("deposit=%s waits: %s", id, d.reason());
      }
      loop.schedule(
          () -> verifiers.execute(() -> checkNow(hint, settled, single)),
          settings.deferRetry().toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    synchronized (deferredLogged) {
      deferredLogged.remove(id);
    }
    if (outcome instanceof CheckOutcome.Refused r) {
      refuse(id, r);
      declare(hint, r);
      settled.run();
      return;
    }
    CheckOutcome.Ready ready = (CheckOutcome.Ready) outcome;
    if (released.isReleased(ready.destination(), ready.release())) {
      // A redelivered or rescanned hint of a deposit already paid out: signing it again would
      // only cost a session, and inside a batch it would make the whole releaseBatch revert.
      LOG.infof("deposit=%s is already released on its destination chain", id);
      if (single) {
        singles.done(id);
      }
      settled.run();
      return;
    }
    metrics.verification("ready", "-");
    if (!single) {
      singles.verified(hint);
    }
    loop.execute(() -> start(ready, settled, single));
  }

  /**
   * Tells the others this node will not sign the release the hint describes. Bound to that release
   * (its struct hash), not to the deposit id: a forged hint with a wrong amount shares the id of a
   * true deposit, and refusing it must not keep this node out of the true release's committees.
   */
  private void declare(LockEvent hint, CheckOutcome.Refused r) {
    try {
      Hash32 release = BridgeEip712.structHash(Release.fromLock(hint));
      notices.declined(
          hint.depositId(),
          release,
          r.code().length() <= 64 ? r.code() : r.code().substring(0, 64));
    } catch (RuntimeException e) {
      LOG.debugf("refusal of deposit=%s not announced: %s", hint.depositId(), e.getMessage());
    }
  }

  private void refuse(DepositId id, CheckOutcome.Refused r) {
    metrics.verification("refused", r.code());
    if (r.alert()) {
      LOG.errorf("ALERT refused deposit=%s reason=%s: %s", id, r.code(), r.detail());
    } else {
      LOG.warnf("refused deposit=%s reason=%s: %s", id, r.code(), r.detail());
    }
    publisher.status(
        new StatusEvent(
            id,
            DepositStage.REFUSED,
            now(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                detail("signer " + settings.self() + ": " + r.code() + ": " + r.detail()))));
  }

  private void start(CheckOutcome.Ready ready, Runnable settled, boolean single) {
    DepositId id = ready.release().depositId();
    Pending existing = inFlight.get(id);
    if (existing != null) {
      // A redelivered or rescanned hint of a deposit already on its way: one attempt loop only.
      existing.settles.add(settled);
      if (single && !existing.single) {
        // Still on its batch path here (this node has not seen the batch's signature yet): from
        // now on only a single signature finishes it.
        existing.single = true;
        if (existing.mode == Pending.Mode.BATCH_WAIT) {
          batching.forget(existing);
          existing.mode = Pending.Mode.SOLO;
          attempt(existing);
        }
      }
      return;
    }
    Pending p = new Pending(ready, settled, clock.instant());
    p.single = single;
    inFlight.put(id, p);
    // Each node announces its own verdict once, whichever path signs it (single or batch): a
    // status reader sees which signers verified the lock.
    publisher.status(
        new StatusEvent(
            id,
            DepositStage.SIGNING,
            now(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                single
                    ? "signer " + settings.self() + " verified the lock again, to sign it alone"
                    : "signer " + settings.self() + " verified the lock")));
    Integer ahead = peerAttemptsEarly.remove(id);
    if (ahead != null) {
      p.peerAttempt = ahead;
    }
    Map<Integer, Hash32> declined = declinedEarly.remove(id);
    if (declined != null) {
      declined.forEach((party, release) -> exclude(p, new Refusal(party, release)));
    }
    if (batchSettings.enabled() && !single) {
      batching.enqueue(p);
    } else {
      attempt(p);
    }
  }

  private void attempt(Pending p) {
    if (p.done || p.mode != Pending.Mode.SOLO) {
      return;
    }
    if (p.attempt > 0 && released.isReleased(p.ready.destination(), p.ready.release())) {
      LOG.infof("%s is already released on its destination chain", p.label());
      finish(p);
      return;
    }
    if (p.peerAttempt > p.attempt) {
      p.attempt = p.peerAttempt;
    }
    if (p.attempt >= settings.maxAttempts()) {
      park(p);
      return;
    }
    SessionId seed = AttemptSeed.of(settings.keyId(), p.ready.digest(), p.attempt);
    Optional<List<Integer>> chosen =
        CommitteeSelector.choose(seed, liveParties.get(), p.excluded, settings.threshold());
    if (chosen.isEmpty()) {
      if (p.quorumWaits++ == 0) {
        LOG.warnf(
            "%s waits for parties: %d live of %d needed (excluded %s)",
            p.label(), liveParties.get().size(), settings.threshold(), p.excluded);
      }
      if (p.quorumWaits > 4 * settings.maxAttempts()) {
        p.lastFailure = "fewer than " + settings.threshold() + " live parties";
        park(p);
        return;
      }
      p.timer =
          loop.schedule(() -> attempt(p), settings.quorumRetry().toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    List<Integer> members = chosen.get();
    int attempt = p.attempt;
    for (SessionId s : committee.sessionIds(p.ready.digest(), attempt, members)) {
      attemptsBySession.put(s, new Attempt(p.ready.release().depositId(), attempt, members));
    }
    if (!members.contains(settings.self())) {
      LOG.debugf("%s attempt %d: committee %s, this node waits", p.label(), attempt, members);
      p.timer =
          loop.schedule(
              () -> {
                if (!p.done && p.attempt == attempt) {
                  next(p, "no signature within " + settings.attemptTimeout());
                }
              },
              settings.attemptTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
      return;
    }
    LOG.debugf("%s attempt %d: committee %s, this node signs", p.label(), attempt, members);
    p.memberRunning = true;
    p.members = members;
    notices.begun(p.ready.release().depositId(), attempt);
    metrics.session("sign", "started", "-");
    committee.runOn(
        p.ready.digest(),
        attempt,
        members,
        p.label(),
        loop,
        result -> onResult(p, attempt, members, result));
  }

  private void onResult(Pending p, int attempt, List<Integer> members, AttemptResult result) {
    if (p.done || p.attempt != attempt) {
      // A stale attempt (the node joined a later one meanwhile): the running one stays running.
      return;
    }
    p.memberRunning = false;
    if (result instanceof AttemptResult.Signed s) {
      Optional<Signature65> sig =
          SignatureCheck.verified(s.signature(), p.ready.digest(), settings.groupAddress());
      if (sig.isEmpty()) {
        LOG.errorf(
            "ALERT %s attempt %d produced a signature that is not the group's", p.label(), attempt);
        result = new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "bad-combined-signature");
      } else {
        publishSigned(p, sig.get(), members);
        return;
      }
    }
    AttemptResult.Failed f = (AttemptResult.Failed) result;
    metrics.failedAttempt(f, settings.self()).ifPresent(p.excluded::add);
    LOG.warnf(
        "%s attempt %d with committee %s failed: check=%s culprit=%s suspects=%s",
        p.label(),
        attempt,
        members,
        f.check(),
        f.culprit().isPresent() ? f.culprit().getAsInt() : "none",
        f.suspects());
    notices.abandoned(
        committee.sessionIds(p.ready.digest(), attempt, members).get(0), f.culprit(), f.check());
    p.lastFailure = f.check();
    next(p, f.check());
  }

  private void publishSigned(Pending p, Signature65 signature, List<Integer> members) {
    publish(
        List.of(p),
        p.ready.release(),
        p.ready.destination(),
        signature,
        members,
        committee.sessionIds(p.ready.digest(), p.attempt, members).get(1),
        "attempt " + p.attempt,
        true);
  }

  /**
   * Publishes one verified group signature over {@code payload} and finishes its deposits. A
   * signature that cannot be published yet is kept and published again shortly: it must not be
   * lost.
   */
  private void publish(
      List<Pending> deposits,
      ReleasePayload payload,
      Eip712Domain destination,
      Signature65 signature,
      List<Integer> members,
      SessionId signSession,
      String what,
      boolean finish) {
    SignedRelease signed =
        new SignedRelease(destination, payload, signature, SignerSet.of(members));
    if (!state.recordNonce(signature.r(), signSession)) {
      metrics.repeatedNonce();
      LOG.errorf(
          "ALERT %s (%s): signature nonce r was used before; a presignature was reused",
          signed.key(), what);
    }
    try {
      publisher.signed(signed);
    } catch (RuntimeException e) {
      LOG.warnf(
          "%s (%s) signed but not yet published (%s); retrying",
          signed.key(), what, e.getMessage());
      loop.schedule(
          () ->
              publish(
                  deposits, payload, destination, signature, members, signSession, what, finish),
          1,
          TimeUnit.SECONDS);
      return;
    }
    metrics.session("sign", "completed", "-");
    for (Pending p : deposits) {
      if (p.done) {
        continue;
      }
      Release r = p.ready.release();
      state.recordSigned(r.depositId(), r.token(), r.amount(), clock.instant());
      if (payload instanceof Release) {
        singles.done(r.depositId());
      }
      publisher.status(StatusEvent.of(r.depositId(), DepositStage.SIGNED, now()));
      metrics.signLatency(Duration.between(p.readyAt, clock.instant()));
      boolean batchOfSingle = p.single && payload instanceof ReleaseBatch;
      if (finish && !batchOfSingle) {
        LOG.infof("%s signed by committee %s (%s)", p.label(), members, what);
        finish(p);
      } else if (batchOfSingle && p.mode != Pending.Mode.SOLO) {
        LOG.infof(
            "%s signed in a batch (%s), but is to be signed alone: goes on alone", p.label(), what);
        p.mode = Pending.Mode.SOLO;
        attempt(p);
      } else {
        // The batch was given up before its signature came: the deposit stays on its single path,
        // since a batch reverts whole if any member was paid out alone meanwhile.
        LOG.infof(
            "%s also signed in a given-up batch (%s); its single path goes on", p.label(), what);
      }
    }
  }

  private void next(Pending p, String why) {
    p.cancelTimer();
    p.attempt++;
    attempt(p);
  }

  private void park(Pending p) {
    Release r = p.ready.release();
    String reason =
        "parked after "
            + p.attempt
            + " attempt(s); last failure: "
            + p.lastFailure
            + "; excluded parties: "
            + p.excluded;
    state.park(r.depositId(), reason, clock.instant());
    metrics.parked();
    LOG.errorf("ALERT %s %s", p.label(), reason);
    publisher.status(
        new StatusEvent(
            r.depositId(),
            DepositStage.PARKED,
            now(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(detail("signer " + settings.self() + ": " + reason))));
    finish(p);
  }

  private void finish(Pending p) {
    if (p.done) {
      return;
    }
    p.done = true;
    p.cancelTimer();
    DepositId id = p.ready.release().depositId();
    inFlight.remove(id);
    batching.forget(p);
    attemptsBySession.values().removeIf(a -> a.deposit().equals(id));
    p.settles.forEach(Runnable::run);
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private static String detail(String s) {
    return s.length() <= StatusEvent.MAX_DETAIL_CHARS
        ? s
        : s.substring(0, StatusEvent.MAX_DETAIL_CHARS);
  }

  private <T> T call(Supplier<T> s) {
    try {
      return loop.submit(s::get).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("coordinator did not answer", e);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    verifiers.shutdownNow();
  }
}
