package io.tbridge.signer.refund;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.wire.SignedRefund;
import io.tbridge.signer.output.SignerPublisher;
import io.tbridge.signer.policy.Denylist;
import io.tbridge.signer.sign.CommitteeSigning;
import io.tbridge.signer.sign.CoordinatorSettings;
import io.tbridge.signer.sign.SignerMetrics;
import io.tbridge.signer.state.RefundLedger;
import io.tbridge.signer.state.SignerState;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.signer.verify.LockVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * This node's refund path: every {@code interval} it searches each chain it serves for final voids
 * ({@link VoidScan}), checks each new one ({@link RefundCheck}) and signs the agreed refunds
 * ({@link RefundSigning}). A chain's search resumes at the first void still in progress, so a
 * restart resumes every refund that was agreed and not finished.
 */
public final class Refunds implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Refunds.class);

  private final List<VoidScan> scans;
  private final RefundCheck check;
  private final RefundSigning signing;
  private final RefundLedger ledger;
  private final SignerMetrics metrics;
  private final ScheduledExecutorService loop;
  private final Clock clock;
  private final Set<DepositId> logged = new HashSet<>();
  private final Map<String, String> failing = new java.util.HashMap<>();

  private Refunds(
      List<VoidScan> scans,
      RefundCheck check,
      RefundSigning signing,
      RefundLedger ledger,
      SignerMetrics metrics,
      ScheduledExecutorService loop,
      Clock clock) {
    this.clock = clock;
    this.scans = scans;
    this.check = check;
    this.signing = signing;
    this.ledger = ledger;
    this.metrics = metrics;
    this.loop = loop;
  }

  /**
   * Starts the refund path of a node: searches every {@code interval}, signs with {@code
   * committee}.
   */
  public static Refunds start(
      Map<ChainId, ChainView> chains,
      Denylist denylist,
      CoordinatorSettings settings,
      CommitteeSigning committee,
      Supplier<Set<Integer>> liveParties,
      SignerPublisher publisher,
      SignerState state,
      SignerMetrics metrics,
      Clock clock,
      Duration interval) {
    ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signer-" + settings.self() + "-refunds");
              t.setDaemon(true);
              return t;
            });
    Refunds refunds =
        new Refunds(
            chains.values().stream().map(c -> new VoidScan(c, state.refunds())).toList(),
            new RefundCheck(chains, new LockVerifier(chains), denylist, state, clock),
            new RefundSigning(
                settings, committee, liveParties, publisher, state, metrics, clock, loop),
            state.refunds(),
            metrics,
            loop,
            clock);
    loop.scheduleWithFixedDelay(
        refunds::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return refunds;
  }

  /** A signed refund read from {@code bridge.refunds.v1} (any thread). */
  public void seen(SignedRefund signed) {
    loop.execute(() -> signing.seen(signed));
  }

  private void tick() {
    for (VoidScan scan : scans) {
      String chain = scan.chain().name();
      try {
        scan(scan);
        if (failing.remove(chain) != null) {
          LOG.infof("chain=%s: the search for voided deposits works again", chain);
        }
      } catch (Throwable e) {
        // Never let it escape: a scheduled task that throws is never run again.
        String what = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!what.equals(failing.put(chain, what))) {
          LOG.warnf("chain=%s: the search for voided deposits fails (%s); retrying", chain, what);
        }
      }
    }
  }

  private void scan(VoidScan scan) {
    Optional<VoidScan.Result> result = scan.search();
    if (result.isEmpty()) {
      return;
    }
    ChainView dst = scan.chain();
    long resumeAt = result.get().next();
    for (VoidScan.Found f : result.get().found()) {
      DepositId id = f.voided().depositId();
      Optional<RefundLedger.Entry> entry = ledger.entry(id);
      if (entry.isPresent() && entry.get().status() == RefundLedger.Status.DONE) {
        continue;
      }
      if (signing.inFlight(id)) {
        resumeAt = Math.min(resumeAt, f.block());
        continue;
      }
      RefundOutcome outcome = check.check(dst, f.voided());
      String label = "deposit=" + id + " voided on " + dst.name() + " in " + f.voided().txHash();
      if (outcome instanceof RefundOutcome.Ready ready) {
        logged.remove(id);
        signing.start(ready);
        resumeAt = Math.min(resumeAt, f.block());
      } else if (outcome instanceof RefundOutcome.Deferred d) {
        if (logged.add(id)) {
          LOG.infof("%s: refund waits: %s", label, d.reason());
        }
        resumeAt = Math.min(resumeAt, f.block());
      } else if (outcome instanceof RefundOutcome.Refused r) {
        logged.remove(id);
        metrics.refund("refused", r.code());
        if (r.alert()) {
          LOG.errorf("ALERT %s: refund refused reason=%s: %s", label, r.code(), r.detail());
        } else {
          LOG.warnf("%s: refund refused reason=%s: %s", label, r.code(), r.detail());
        }
      } else if (outcome instanceof RefundOutcome.Settled s) {
        logged.remove(id);
        metrics.refund("settled", "-");
        LOG.infof("%s: %s", label, s.why());
        if (entry.isPresent()) {
          ledger.done(id, s.why(), clock.instant());
        }
      }
    }
    ledger.searchedVoidsUpTo(dst.chainId(), resumeAt);
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
