package io.tbridge.signer.refund;

import io.tbridge.core.DepositId;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.wire.SignedRefund;
import io.tbridge.signer.mpc.CommitteeSelector;
import io.tbridge.signer.output.SignerPublisher;
import io.tbridge.signer.sign.AttemptResult;
import io.tbridge.signer.sign.AttemptSeed;
import io.tbridge.signer.sign.CommitteeSigning;
import io.tbridge.signer.sign.CoordinatorSettings;
import io.tbridge.signer.sign.SignatureCheck;
import io.tbridge.signer.sign.SignerMetrics;
import io.tbridge.signer.state.SignerState;
import io.tbridge.tss.protocol.SessionId;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Co-signs agreed refunds, one attempt loop per deposit, without a leader: attempt k's committee is
 * derived by every node from the refund's digest and k among the live parties, minus those a failed
 * proof named (as for releases). A member runs the sessions; everybody else waits for the signed
 * refund on {@code bridge.refunds.v1} or the attempt's deadline. After {@code maxAttempts} the
 * refund is parked here with an alert. Touched only on {@code loop}'s thread.
 */
final class RefundSigning {

  private static final Logger LOG = Logger.getLogger(RefundSigning.class);

  private final CoordinatorSettings settings;
  private final CommitteeSigning committee;
  private final Supplier<Set<Integer>> liveParties;
  private final SignerPublisher publisher;
  private final SignerState state;
  private final SignerMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private final Map<DepositId, Job> inFlight = new HashMap<>();

  /**
   * Group-signed refunds read from the topic for deposits not being signed here (this node was
   * slower): a later start of the same digest needs no session. Bounded.
   */
  private final Map<DepositId, SignedRefund> signedElsewhere =
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DepositId, SignedRefund> e) {
          return size() > 10_000;
        }
      };

  private static final class Job {
    final RefundOutcome.Ready ready;
    final Set<Integer> excluded = new HashSet<>();
    int attempt;
    int quorumWaits;
    boolean done;
    String lastFailure = "none";
    ScheduledFuture<?> timer;

    Job(RefundOutcome.Ready ready) {
      this.ready = ready;
    }

    String label() {
      return "refund deposit=" + ready.depositId() + " src=" + ready.source().chainId();
    }

    void cancelTimer() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }

  RefundSigning(
      CoordinatorSettings settings,
      CommitteeSigning committee,
      Supplier<Set<Integer>> liveParties,
      SignerPublisher publisher,
      SignerState state,
      SignerMetrics metrics,
      Clock clock,
      ScheduledExecutorService loop) {
    this.settings = settings;
    this.committee = committee;
    this.liveParties = liveParties;
    this.publisher = publisher;
    this.state = state;
    this.metrics = metrics;
    this.clock = clock;
    this.loop = loop;
  }

  /** Whether the refund of {@code id} is being signed now. */
  boolean inFlight(DepositId id) {
    return inFlight.containsKey(id);
  }

  /** Starts signing {@code ready} (agreed durably), unless it is already on its way. */
  void start(RefundOutcome.Ready ready) {
    if (inFlight.containsKey(ready.depositId())) {
      return;
    }
    Job job = new Job(ready);
    metrics.refund("agreed", "-");
    SignedRefund earlier = signedElsewhere.remove(ready.depositId());
    if (earlier != null && earlier.digest().equals(ready.digest())) {
      LOG.infof("%s: already signed by %s", job.label(), earlier.signers().parties());
      state
          .refunds()
          .done(ready.depositId(), "signed by " + earlier.signers().parties(), clock.instant());
      return;
    }
    inFlight.put(ready.depositId(), job);
    LOG.infof("%s: void final and lock verified here; signing the refund", job.label());
    guarded(job, () -> attempt(job));
  }

  /**
   * Runs a step of {@code job}; an unexpected failure ends its loop here without marking it done,
   * so the next search takes the void up again (instead of a job stuck in flight forever).
   */
  private void guarded(Job job, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s: signing step failed; the refund is taken up again", job.label());
      job.done = true;
      job.cancelTimer();
      inFlight.remove(job.ready.depositId());
    }
  }

  /** A signed refund read from the topic: ends the deposit's loop if it is the agreed one. */
  void seen(SignedRefund signed) {
    if (signed
        .signature()
        .recoverSigner(signed.digest())
        .filter(settings.groupAddress()::equals)
        .isEmpty()) {
      LOG.warnf(
          "refund deposit=%s: a published refund signature is not the group's; ignored",
          signed.depositId());
      return;
    }
    Job job = inFlight.get(signed.depositId());
    if (job == null) {
      signedElsewhere.put(signed.depositId(), signed);
      return;
    }
    if (job.done || !signed.digest().equals(job.ready.digest())) {
      return;
    }
    LOG.infof("%s signed by %s", job.label(), signed.signers().parties());
    finish(job, "signed by " + signed.signers().parties());
  }

  private void attempt(Job job) {
    if (job.done) {
      return;
    }
    if (job.attempt >= settings.maxAttempts()) {
      park(job);
      return;
    }
    SessionId seed = AttemptSeed.of(settings.keyId(), job.ready.digest(), job.attempt);
    Optional<List<Integer>> chosen =
        CommitteeSelector.choose(seed, liveParties.get(), job.excluded, settings.threshold());
    if (chosen.isEmpty()) {
      if (job.quorumWaits++ == 0) {
        LOG.warnf(
            "%s waits for parties: %d live of %d needed (excluded %s)",
            job.label(), liveParties.get().size(), settings.threshold(), job.excluded);
      }
      if (job.quorumWaits > 4 * settings.maxAttempts()) {
        job.lastFailure = "fewer than " + settings.threshold() + " live parties";
        park(job);
        return;
      }
      job.timer =
          loop.schedule(
              () -> guarded(job, () -> attempt(job)),
              settings.quorumRetry().toMillis(),
              TimeUnit.MILLISECONDS);
      return;
    }
    List<Integer> members = chosen.get();
    int attempt = job.attempt;
    if (!members.contains(settings.self())) {
      LOG.debugf("%s attempt %d: committee %s, this node waits", job.label(), attempt, members);
      job.timer =
          loop.schedule(
              () ->
                  guarded(
                      job,
                      () -> {
                        if (!job.done && job.attempt == attempt) {
                          job.attempt++;
                          attempt(job);
                        }
                      }),
              settings.attemptTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
      return;
    }
    LOG.debugf("%s attempt %d: committee %s, this node signs", job.label(), attempt, members);
    metrics.session("sign", "started", "-");
    committee.runOn(
        job.ready.digest(),
        attempt,
        members,
        job.label(),
        loop,
        result -> guarded(job, () -> onResult(job, attempt, members, result)));
  }

  private void onResult(Job job, int attempt, List<Integer> members, AttemptResult result) {
    if (job.done || job.attempt != attempt) {
      return;
    }
    if (result instanceof AttemptResult.Signed s) {
      Optional<Signature65> sig =
          SignatureCheck.verified(s.signature(), job.ready.digest(), settings.groupAddress());
      if (sig.isPresent()) {
        SessionId signSession = committee.sessionIds(job.ready.digest(), attempt, members).get(1);
        publish(job, sig.get(), members, signSession);
        return;
      }
      LOG.errorf(
          "ALERT %s attempt %d produced a signature that is not the group's", job.label(), attempt);
      result = new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "bad-combined-signature");
    }
    AttemptResult.Failed f = (AttemptResult.Failed) result;
    metrics.failedAttempt(f, settings.self()).ifPresent(job.excluded::add);
    LOG.warnf(
        "%s attempt %d with committee %s failed: check=%s culprit=%s",
        job.label(),
        attempt,
        members,
        f.check(),
        f.culprit().isPresent() ? f.culprit().getAsInt() : "none");
    job.lastFailure = f.check();
    job.cancelTimer();
    job.attempt++;
    attempt(job);
  }

  /** Publishes durably; a signature that cannot be published yet is kept and retried. */
  private void publish(Job job, Signature65 signature, List<Integer> members, SessionId session) {
    publish(job, signature, members, session, 0);
  }

  private void publish(
      Job job, Signature65 signature, List<Integer> members, SessionId session, int tries) {
    if (job.done) {
      return;
    }
    SignedRefund signed =
        new SignedRefund(job.ready.source(), job.ready.refund(), signature, SignerSet.of(members));
    if (tries == 0 && !state.recordNonce(signature.r(), session)) {
      metrics.repeatedNonce();
      LOG.errorf(
          "ALERT %s: signature nonce r was used before; a presignature was reused", job.label());
    }
    try {
      publisher.refund(signed);
    } catch (RuntimeException e) {
      if (tries == 0) {
        LOG.warnf("%s signed but not yet published (%s); retrying", job.label(), e.getMessage());
      }
      long delay = Math.min(30, 1L << Math.min(tries, 5));
      loop.schedule(
          () -> guarded(job, () -> publish(job, signature, members, session, tries + 1)),
          delay,
          TimeUnit.SECONDS);
      return;
    }
    metrics.session("sign", "completed", "-");
    metrics.refund("signed", "-");
    LOG.infof("%s signed by committee %s and published", job.label(), members);
    finish(job, "signed by " + members);
  }

  private void park(Job job) {
    String reason =
        "parked after "
            + job.attempt
            + " attempt(s); last failure: "
            + job.lastFailure
            + "; excluded parties: "
            + job.excluded;
    metrics.refund("parked", "-");
    LOG.errorf("ALERT %s %s", job.label(), reason);
    finish(job, reason);
  }

  private void finish(Job job, String outcome) {
    job.done = true;
    job.cancelTimer();
    inFlight.remove(job.ready.depositId());
    state.refunds().done(job.ready.depositId(), outcome, clock.instant());
  }
}
