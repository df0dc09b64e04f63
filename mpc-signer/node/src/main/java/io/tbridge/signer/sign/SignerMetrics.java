package io.tbridge.signer.sign;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tbridge.serviceconfig.OwnedCounter;
import java.time.Duration;

/**
 * The node's Prometheus meters (names as exported: {@code signer_verifications_total}, …). Labels
 * are reason codes and party indices only: never amounts, addresses or anything secret. Counters
 * are {@link OwnedCounter}s: the node starts before Quarkus attaches its Prometheus registry, and
 * what it counts meanwhile (redelivered hints verified at start) must not be lost.
 */
public final class SignerMetrics {

  private final MeterRegistry registry;
  private final Timer signLatency;

  /** Meters registered in {@code registry}. */
  public SignerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.signLatency =
        Timer.builder("signer.sign.latency")
            .description("From a verified lock to its published group signature")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** The registry (for components that register their own gauges). */
  public MeterRegistry registry() {
    return registry;
  }

  /** One verification of a lock hint ended with {@code outcome} (ready, deferred, refused). */
  public void verification(String outcome, String reason) {
    OwnedCounter.register(
            registry,
            "signer.verifications",
            "Lock hints checked, by outcome and reason code",
            Tags.of("outcome", outcome, "reason", reason))
        .increment();
  }

  /**
   * A protocol session of {@code kind} reached {@code outcome} (started, completed, aborted,
   * timeout).
   */
  public void session(String kind, String outcome, String check) {
    OwnedCounter.register(
            registry,
            "signer.sessions",
            "Protocol sessions by kind, outcome and failed check",
            Tags.of("kind", kind, "outcome", outcome, "check", check))
        .increment();
  }

  /**
   * Counts a failed signing attempt by its check, and the party its failed proof named; returns
   * that party unless it is {@code self} (the party to leave out of later committees).
   */
  public java.util.OptionalInt failedAttempt(AttemptResult.Failed f, int self) {
    session("sign", f.check().equals("timeout") ? "timeout" : "aborted", f.check());
    if (f.culprit().isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    int culprit = f.culprit().getAsInt();
    blame(culprit);
    return culprit == self ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(culprit);
  }

  /** A failed check named {@code party}. */
  public void blame(int party) {
    OwnedCounter.register(
            registry,
            "signer.blames",
            "Parties named by a failed protocol check",
            Tags.of("party", Integer.toString(party)))
        .increment();
  }

  /** A deposit was parked after its attempts. */
  public void parked() {
    OwnedCounter.register(
            registry,
            "signer.parked",
            "Deposits parked for an operator after every attempt failed",
            Tags.empty())
        .increment();
  }

  /** The same signature nonce r appeared twice: a presignature was reused (ALERT). */
  public void repeatedNonce() {
    OwnedCounter.register(
            registry,
            "signer.repeated.nonce",
            "Signatures whose r was seen before (must stay 0)",
            Tags.empty())
        .increment();
  }

  /**
   * A batch proposal reached {@code outcome} here (proposed, accepted, refused, signed, failed,
   * ignored).
   */
  public void batch(String outcome) {
    OwnedCounter.register(
            registry,
            "signer.batches",
            "Batch proposals by outcome at this node",
            Tags.of("outcome", outcome))
        .increment();
  }

  /**
   * The refund of a voided deposit reached {@code outcome} here (agreed, signed, refused, parked,
   * settled), with its reason code ("-" when none).
   */
  public void refund(String outcome, String reason) {
    OwnedCounter.register(
            registry,
            "signer.refunds",
            "Refunds of voided deposits by outcome and reason code at this node",
            Tags.of("outcome", outcome, "reason", reason))
        .increment();
  }

  /** Time from a verified lock to its published signature. */
  public void signLatency(Duration d) {
    signLatency.record(d);
  }
}
