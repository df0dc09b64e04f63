package io.tbridge.signer.sign;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The node's Prometheus meters (names as exported: {@code signer_verifications_total}, …). Labels
 * are reason codes and party indices only: never amounts, addresses or anything secret.
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
    Counter.builder("signer.verifications")
        .description("Lock hints checked, by outcome and reason code")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * A protocol session of {@code kind} reached {@code outcome} (started, completed, aborted,
   * timeout).
   */
  public void session(String kind, String outcome, String check) {
    Counter.builder("signer.sessions")
        .description("Protocol sessions by kind, outcome and failed check")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .tag("check", check)
        .register(registry)
        .increment();
  }

  /** A failed check named {@code party}. */
  public void blame(int party) {
    Counter.builder("signer.blames")
        .description("Parties named by a failed protocol check")
        .tag("party", Integer.toString(party))
        .register(registry)
        .increment();
  }

  /** A deposit was parked after its attempts. */
  public void parked() {
    Counter.builder("signer.parked")
        .description("Deposits parked for an operator after every attempt failed")
        .register(registry)
        .increment();
  }

  /** The same signature nonce r appeared twice: a presignature was reused (ALERT). */
  public void repeatedNonce() {
    Counter.builder("signer.repeated.nonce")
        .description("Signatures whose r was seen before (must stay 0)")
        .register(registry)
        .increment();
  }

  /**
   * A batch proposal reached {@code outcome} here (proposed, accepted, refused, signed, failed,
   * ignored).
   */
  public void batch(String outcome) {
    Counter.builder("signer.batches")
        .description("Batch proposals by outcome at this node")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Time from a verified lock to its published signature. */
  public void signLatency(Duration d) {
    signLatency.record(d);
  }
}
