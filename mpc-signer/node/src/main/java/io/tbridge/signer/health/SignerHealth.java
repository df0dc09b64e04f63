package io.tbridge.signer.health;

import io.tbridge.signer.runtime.SignerNode;
import io.tbridge.signer.runtime.SignerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the key is loaded and the node runs, its workers polled Kafka recently, its own
 * heartbeats come back from Kafka, every chain's own endpoint quorum answered within {@code
 * rpc-stale-after} (the unhealthy ones are named with their cause), and at least t parties (itself
 * included) were heard from within the live window. Liveness: no worker is stuck (every consumer
 * returned from a poll within 30 s). Before the node runs both say what the start waits for (Kafka,
 * the key ceremony); liveness is UP then, since a restart would not make Kafka come sooner.
 */
public final class SignerHealth {

  private SignerHealth() {}

  private static HealthCheckResponse check(String name, SignerRuntime runtime, boolean liveness) {
    HealthCheckResponseBuilder b = HealthCheckResponse.named(name);
    Optional<SignerNode> node = runtime.node();
    if (node.isEmpty()) {
      return b.withData("reason", runtime.failure().orElse(runtime.phase()))
          .status(liveness && runtime.failure().isEmpty())
          .build();
    }
    SignerNode n = node.get();
    boolean workers = n.workersAlive(Duration.ofSeconds(30));
    b.withData("workers", workers ? "polling" : "stuck");
    if (liveness) {
      return b.status(workers).build();
    }
    int live = n.liveParties().size();
    int t = n.settings().topology().threshold();
    b.withData("liveParties", live)
        .withData("threshold", t)
        .withData("groupAddress", n.groupAddress().toChecksumHex());
    b.withData("parked", n.state().parkedDeposits().size());
    boolean kafka = n.kafkaReachable(n.settings().timing().liveWindow());
    b.withData(
        "kafka",
        kafka
            ? "reachable"
            : "own messages do not come back from Kafka at "
                + n.settings().kafka().bootstrapServers());
    var chains = n.unhealthyChains();
    chains.forEach((chain, cause) -> b.withData("chain." + chain, cause));
    return b.status(workers && kafka && chains.isEmpty() && live >= t).build();
  }

  /** Readiness probe. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject SignerRuntime runtime;

    @Override
    public HealthCheckResponse call() {
      return check("signer", runtime, false);
    }
  }

  /** Liveness probe. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Inject SignerRuntime runtime;

    @Override
    public HealthCheckResponse call() {
      return check("signer-workers", runtime, true);
    }
  }
}
