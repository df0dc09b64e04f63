package io.tbridge.signer.sign;

import io.tbridge.core.Hash32;
import io.tbridge.signer.mpc.SessionDriver;
import io.tbridge.signer.mpc.SessionIds;
import io.tbridge.signer.mpc.SessionOutcome;
import io.tbridge.signer.state.SignerState;
import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.presign.PresignSession;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.sign.EcdsaSignature;
import io.tbridge.tss.sign.SignSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * One attempt of this node as a member of a signing committee: a fresh presignature for exactly
 * this committee, then the online signature over the digest. The presignature is recorded as
 * consumed, durably, before the partial signature leaves the process (SECURITY 22); a presignature
 * is never reused by a later attempt and never survives a restart (it lives only in memory).
 */
public final class CommitteeSigning {

  private static final Logger LOG = Logger.getLogger(CommitteeSigning.class);

  private final String keyId;
  private final KeyShare share;
  private final AuxInfo aux;
  private final SessionDriver driver;
  private final SignerState state;
  private final SessionRegistry registry;
  private final SecureRandom random;
  private final Executor compute;
  private final Optional<PresignPool> pool;
  private final Duration roundDeadline;
  private final Clock clock;

  /** Sessions of this node under {@code keyId}, with its share and aux info. */
  public CommitteeSigning(
      String keyId,
      KeyShare share,
      AuxInfo aux,
      SessionDriver driver,
      SignerState state,
      SessionRegistry registry,
      SecureRandom random,
      Executor compute,
      Optional<PresignPool> pool,
      Duration roundDeadline,
      Clock clock) {
    this.keyId = keyId;
    this.share = share;
    this.aux = aux;
    this.driver = driver;
    this.state = state;
    this.registry = registry;
    this.random = random;
    this.compute = compute;
    this.pool = pool;
    this.roundDeadline = roundDeadline;
    this.clock = clock;
  }

  /** The session ids attempt {@code attempt} of {@code committee} uses: presign, then sign. */
  public List<SessionId> sessionIds(Hash32 digest, int attempt, List<Integer> committee) {
    return List.of(
        SessionIds.presign(keyId, digest, attempt, committee),
        SessionIds.sign(keyId, digest, attempt, committee));
  }

  /** The session ids the batch of window {@code window} uses: presign, then sign. */
  public List<SessionId> batchSessionIds(Hash32 digest, long window, List<Integer> committee) {
    return List.of(
        SessionIds.batchPresign(keyId, digest, window, committee),
        SessionIds.batchSign(keyId, digest, window, committee));
  }

  /**
   * Runs attempt {@code attempt} over {@code digest} with {@code committee} (this node included).
   * Never completes exceptionally: every failure is an {@link AttemptResult.Failed}.
   */
  public CompletableFuture<AttemptResult> run(
      Hash32 digest, int attempt, List<Integer> committee, String label) {
    return run(sessionIds(digest, attempt, committee), digest, committee, label);
  }

  /** Runs the batch of window {@code window} over its digest, like {@link #run}. */
  public CompletableFuture<AttemptResult> runBatch(
      Hash32 digest, long window, List<Integer> committee, String label) {
    return run(batchSessionIds(digest, window, committee), digest, committee, label);
  }

  private CompletableFuture<AttemptResult> run(
      List<SessionId> ids, Hash32 digest, List<Integer> committee, String label) {
    SessionId presignId = ids.get(0);
    SessionId signId = ids.get(1);
    PresignSession presign;
    pool.ifPresent(PresignPool::sessionStarted);
    try {
      state.sessionStarted(presignId, "presign", label, clock.instant());
      presign =
          new PresignSession(
              presignId,
              share,
              aux,
              committee,
              registry,
              random,
              compute,
              pool.map(PresignPool::randomness));
    } catch (ProtocolAbort e) {
      pool.ifPresent(PresignPool::sessionEnded);
      return CompletableFuture.completedFuture(failed(e));
    } catch (RuntimeException e) {
      // e.g. the state store failed: this attempt fails, it never hangs.
      pool.ifPresent(PresignPool::sessionEnded);
      LOG.errorf(e, "%s could not start", label);
      return CompletableFuture.completedFuture(
          new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error"));
    }
    return driver
        .run(presign, roundDeadline)
        .thenCompose(
            outcome -> {
              state.sessionEnded(presignId, outcome.kind());
              if (!(outcome instanceof SessionOutcome.Completed<Presignature> done)) {
                return CompletableFuture.completedFuture(failed(outcome));
              }
              return sign(done.result(), digest, signId, committee, label);
            })
        .exceptionally(
            e -> {
              LOG.errorf(e, "%s failed unexpectedly", label);
              return new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error");
            })
        .whenComplete((r, e) -> pool.ifPresent(PresignPool::sessionEnded));
  }

  private CompletableFuture<AttemptResult> sign(
      Presignature presignature,
      Hash32 digest,
      SessionId signId,
      List<Integer> committee,
      String label) {
    SignSession session;
    try {
      // Durable before SignSession exists: its constructor computes the partial signature, and
      // start() hands it to the transport.
      state.consumePresignature(presignature.sessionId(), digest, clock.instant());
      state.sessionStarted(signId, "sign", label, clock.instant());
      session = new SignSession(signId, presignature, digest.bytes(), registry);
    } catch (ProtocolAbort e) {
      return CompletableFuture.completedFuture(failed(e));
    }
    return driver
        .run(session, roundDeadline)
        .thenApply(
            outcome -> {
              state.sessionEnded(signId, outcome.kind());
              if (outcome instanceof SessionOutcome.Completed<EcdsaSignature> done) {
                return new AttemptResult.Signed(done.result(), committee);
              }
              return failed(outcome);
            });
  }

  private static AttemptResult failed(ProtocolAbort e) {
    return new AttemptResult.Failed(e.culprit(), Set.of(), e.check());
  }

  private static AttemptResult failed(SessionOutcome<?> outcome) {
    if (outcome instanceof SessionOutcome.Aborted<?> a) {
      return new AttemptResult.Failed(a.culprit(), Set.of(), a.check());
    }
    if (outcome instanceof SessionOutcome.TimedOut<?> t) {
      return new AttemptResult.Failed(OptionalInt.empty(), t.suspects(), "timeout");
    }
    throw new IllegalArgumentException("not a failure: " + outcome);
  }
}
