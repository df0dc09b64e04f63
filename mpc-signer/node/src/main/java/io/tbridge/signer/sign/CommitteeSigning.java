package io.tbridge.signer.sign;

import io.tbridge.core.Hash32;
import io.tbridge.signer.mpc.SessionIds;
import io.tbridge.signer.mpc.SessionOutcome;
import io.tbridge.tss.presign.PresignSession;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.sign.EcdsaSignature;
import io.tbridge.tss.sign.SignSession;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * One attempt of this node as a member of a signing committee: a presignature for exactly this
 * committee, then the online signature over the digest. The first attempt of a release and every
 * batch take a stocked presignature when the committee's picker has one ({@link StockExchange});
 * otherwise, and on every later attempt, the committee makes a fresh one. The presignature is
 * recorded as consumed, durably, before the partial signature leaves the process (SECURITY 22); a
 * presignature is never reused by a later attempt and never survives a restart (it lives only in
 * memory).
 */
public final class CommitteeSigning {

  private static final Logger LOG = Logger.getLogger(CommitteeSigning.class);

  private final SessionParts parts;
  private final StockExchange exchange;
  private final java.util.concurrent.atomic.AtomicInteger active =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Sessions of this node with {@code parts}, taking stocked presignatures through {@code
   * exchange}.
   */
  public CommitteeSigning(SessionParts parts, StockExchange exchange) {
    this.parts = parts;
    this.exchange = exchange;
  }

  /** The session ids attempt {@code attempt} of {@code committee} uses: presign, then sign. */
  public List<SessionId> sessionIds(Hash32 digest, int attempt, List<Integer> committee) {
    return List.of(
        SessionIds.presign(parts.keyId(), digest, attempt, committee),
        SessionIds.sign(parts.keyId(), digest, attempt, committee));
  }

  /** The session ids the batch of window {@code window} uses: presign, then sign. */
  public List<SessionId> batchSessionIds(Hash32 digest, long window, List<Integer> committee) {
    return List.of(
        SessionIds.batchPresign(parts.keyId(), digest, window, committee),
        SessionIds.batchSign(parts.keyId(), digest, window, committee));
  }

  /**
   * Runs attempt {@code attempt} over {@code digest} with {@code committee} (this node included).
   * Never completes exceptionally: every failure is an {@link AttemptResult.Failed}.
   */
  public CompletableFuture<AttemptResult> run(
      Hash32 digest, int attempt, List<Integer> committee, String label) {
    return run(sessionIds(digest, attempt, committee), digest, committee, label, attempt == 0);
  }

  /**
   * Runs attempt {@code attempt} like {@link #run} and hands its result to {@code then} on {@code
   * loop} (the caller's state thread); an unexpected failure arrives as an internal error.
   */
  public void runOn(
      Hash32 digest,
      int attempt,
      List<Integer> committee,
      String label,
      java.util.concurrent.Executor loop,
      java.util.function.Consumer<AttemptResult> then) {
    run(digest, attempt, committee, label)
        .whenComplete(
            (result, error) ->
                loop.execute(
                    () ->
                        then.accept(
                            error == null
                                ? result
                                : new AttemptResult.Failed(
                                    OptionalInt.empty(), Set.of(), "internal-error"))));
  }

  /** Runs the batch of window {@code window} over its digest, like {@link #run}. */
  public CompletableFuture<AttemptResult> runBatch(
      Hash32 digest, long window, List<Integer> committee, String label) {
    return run(batchSessionIds(digest, window, committee), digest, committee, label, true);
  }

  /**
   * Ends this node's sessions of an attempt of {@code committee} that member {@code by} gave up for
   * {@code check}. When the member did not hold the stocked presignature chosen for it, this node's
   * further entries for the committee are likely missing there too (a restart): dropped.
   */
  public void cancel(List<SessionId> ids, List<Integer> committee, int by, String check) {
    if (check.equals(STOCK_MISSING) && committee.get(0) == parts.aux().self()) {
      exchange.stock().clear(committee);
    }
    ids.forEach(id -> parts.driver().cancel(id, by));
  }

  /** The check of an attempt whose chosen stocked presignature a member did not hold. */
  public static final String STOCK_MISSING = "stock-missing";

  /** Whether any signing session of this node runs now (stock filling waits while one does). */
  public boolean busy() {
    return active.get() > 0;
  }

  private CompletableFuture<AttemptResult> run(
      List<SessionId> ids, Hash32 digest, List<Integer> committee, String label, boolean stocked) {
    active.incrementAndGet();
    parts.pool().ifPresent(PresignPool::sessionStarted);
    CompletableFuture<AttemptResult> result;
    try {
      if (parts.state().wasStarted(ids.get(0)) || parts.state().wasStarted(ids.get(1))) {
        // Journaled before a restart (or proposed again): a session id is never run twice, so no
        // transcript of the earlier run can be replayed into a new one (SECURITY 22).
        LOG.warnf("%s: its session ran here before; not running it again", label);
        result =
            CompletableFuture.completedFuture(
                new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "session-repeated"));
      } else {
        result =
            stocked ? stocked(ids, digest, committee, label) : fresh(ids, digest, committee, label);
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s could not start", label);
      result =
          CompletableFuture.completedFuture(
              new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error"));
    }
    return result.whenComplete(
        (r, e) -> {
          parts.pool().ifPresent(PresignPool::sessionEnded);
          active.decrementAndGet();
        });
  }

  /** Follows the picker's choice: a stocked presignature, or a fresh one. */
  private CompletableFuture<AttemptResult> stocked(
      List<SessionId> ids, Hash32 digest, List<Integer> committee, String label) {
    SessionId attempt = ids.get(0);
    int picker = committee.get(0);
    if (picker == parts.aux().self()) {
      Optional<PresignStock.Entry> entry = exchange.choose(committee, attempt);
      if (entry.isEmpty()) {
        return fresh(ids, digest, committee, label);
      }
      LOG.debugf("%s uses stocked presignature %s", label, entry.get().tag());
      return sign(entry.get().presignature(), digest, ids.get(1), committee, label + " (stocked)");
    }
    // Off the transport's thread (a choice can complete the wait there): the continuation writes
    // the journal and opens sessions.
    return exchange
        .await(attempt, picker, parts.roundDeadline())
        .thenComposeAsync(
            choice -> {
              if (choice.isEmpty()) {
                return CompletableFuture.completedFuture(
                    new AttemptResult.Failed(OptionalInt.empty(), Set.of(picker), "timeout"));
              }
              if (choice.get().conflict()) {
                LOG.warnf(
                    "%s: party %d chose a stocked presignature already chosen for another attempt;"
                        + " not signing with it",
                    label, picker);
                return CompletableFuture.completedFuture(
                    new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "stock-conflict"));
              }
              Optional<Hash32> tag = choice.get().tag();
              if (tag.isEmpty()) {
                return fresh(ids, digest, committee, label);
              }
              return exchange
                  .stock()
                  .settledOrAfter(tag.get(), parts.roundDeadline())
                  .thenComposeAsync(
                      x -> fromStock(tag.get(), ids, digest, committee, picker, label),
                      parts.compute());
            },
            parts.compute());
  }

  private CompletableFuture<AttemptResult> fromStock(
      Hash32 tag,
      List<SessionId> ids,
      Hash32 digest,
      List<Integer> committee,
      int picker,
      String label) {
    Optional<Presignature> p = exchange.stock().take(committee, tag);
    if (p.isEmpty()) {
      // Lost at a restart, or a session that completed at the picker only: never sign with another
      // presignature than the committee's; the next attempt makes a fresh one.
      LOG.infof("%s: party %d chose a stocked presignature this node does not hold", label, picker);
      return CompletableFuture.completedFuture(
          new AttemptResult.Failed(OptionalInt.empty(), Set.of(), STOCK_MISSING));
    }
    return sign(p.get(), digest, ids.get(1), committee, label + " (stocked)");
  }

  private CompletableFuture<AttemptResult> fresh(
      List<SessionId> ids, Hash32 digest, List<Integer> committee, String label) {
    SessionId presignId = ids.get(0);
    SessionId signId = ids.get(1);
    PresignSession presign;
    try {
      parts.state().sessionStarted(presignId, "presign", label, parts.clock().instant());
      presign =
          new PresignSession(
              presignId,
              parts.share(),
              parts.aux(),
              committee,
              parts.registry(),
              parts.random(),
              parts.compute(),
              parts.pool().map(PresignPool::randomness));
    } catch (ProtocolAbort e) {
      return CompletableFuture.completedFuture(failed(e));
    } catch (RuntimeException e) {
      // e.g. the parts.state() store failed: this attempt fails, it never hangs.
      LOG.errorf(e, "%s could not start", label);
      return CompletableFuture.completedFuture(
          new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error"));
    }
    return parts
        .driver()
        .run(presign, parts.roundDeadline())
        .thenCompose(
            outcome -> {
              parts.state().sessionEnded(presignId, outcome.kind());
              if (!(outcome instanceof SessionOutcome.Completed<Presignature> done)) {
                return CompletableFuture.completedFuture(failed(outcome));
              }
              return sign(done.result(), digest, signId, committee, label);
            })
        .exceptionally(
            e -> {
              LOG.errorf(e, "%s failed unexpectedly", label);
              return new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error");
            });
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
      parts.state().consumePresignature(presignature.sessionId(), digest, parts.clock().instant());
      parts.state().sessionStarted(signId, "sign", label, parts.clock().instant());
      session = new SignSession(signId, presignature, digest.bytes(), parts.registry());
    } catch (ProtocolAbort e) {
      return CompletableFuture.completedFuture(failed(e));
    } catch (RuntimeException e) {
      // The parts.state() store failed, or the presignature was consumed before: never sign with
      // it.
      LOG.errorf("%s could not sign: %s", label, e.getMessage());
      return CompletableFuture.completedFuture(
          new AttemptResult.Failed(OptionalInt.empty(), Set.of(), "internal-error"));
    }
    return parts
        .driver()
        .run(session, parts.roundDeadline())
        .thenApply(
            outcome -> {
              parts.state().sessionEnded(signId, outcome.kind());
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
