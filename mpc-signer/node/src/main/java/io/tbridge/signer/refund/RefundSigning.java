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
    inFlight.put(ready.depositId(), job);
    LOG.infof("%s: void final and lock verified here; signing the refund", job.label());
    metrics.refund("agreed", "-");
    attempt(job);
  }

  /** A signed refund read from the topic: ends the deposit's loop if it is the agreed one. */
  void seen(SignedRefund signed) {
    Job job = inFlight.get(signed.depositId());
    if (job == null || job.done || !signed.digest().equals(job.ready.digest())) {
      return;
    }
    if (signed
        .signature()
        .recoverSigner(signed.digest())
        .filter(settings.groupAddress()::equals)
        .isEmpty()) {
      LOG.warnf("%s: a published refund signature is not the group's; ignored", job.label());
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
              () -> attempt(job), settings.quorumRetry().toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    List<Integer> members = chosen.get();
    int attempt = job.attempt;
    if (!members.contains(settings.self())) {
      LOG.debugf("%s attempt %d: committee %s, this node waits", job.label(), attempt, members);
      job.timer =
          loop.schedule(
              () -> {
                if (!job.done && job.attempt == attempt) {
                  job.attempt++;
                  attempt(job);
                }
              },
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
        result -> onResult(job, attempt, members, result));
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
    if (job.done) {
      return;
    }
    SignedRefund signed =
        new SignedRefund(job.ready.source(), job.ready.refund(), signature, SignerSet.of(members));
    if (!state.recordNonce(signature.r(), session)) {
      metrics.repeatedNonce();
      LOG.errorf(
          "ALERT %s: signature nonce r was used before; a presignature was reused", job.label());
    }
    try {
      publisher.refund(signed);
    } catch (RuntimeException e) {
      LOG.warnf("%s signed but not yet published (%s); retrying", job.label(), e.getMessage());
      loop.schedule(() -> publish(job, signature, members, session), 1, TimeUnit.SECONDS);
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
