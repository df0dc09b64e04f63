package io.tbridge.relayer.health;

import io.tbridge.relayer.config.RelayerConfig;
import io.tbridge.relayer.config.Settings;
import io.tbridge.relayer.runtime.RelayerRuntime;
import io.tbridge.relayer.watch.ChainWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when Kafka answers, no watched chain is halted (quorum disagreement, reorg below finality),
 * every watched chain's endpoint quorum answered within {@code relayer.health.rpc-stale-after}, and
 * no watched chain lags more than {@code relayer.max-lag-blocks}.
 */
@Readiness
@ApplicationScoped
public class RelayerReadiness implements HealthCheck {

  @Inject RelayerRuntime runtime;
  @Inject RelayerConfig config;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("relayer").up();
    boolean kafkaUp = kafkaReachable();
    b.withData("kafka", kafkaUp ? "up" : "unreachable");
    if (!kafkaUp) {
      b.down();
    }
    for (ChainWatcher w : runtime.watchers()) {
      ChainReadiness r = ChainReadiness.of(w, runtime.health(w), config.maxLagBlocks());
      b.withData(w.settings().name(), r.detail());
      if (!r.ready()) {
        b.down();
      }
    }
    return b.build();
  }

  private boolean kafkaReachable() {
    Map<String, Object> c = new java.util.HashMap<>(Settings.kafka(config).extra());
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, config.instance() + "-health");
    try (Admin admin = Admin.create(c)) {
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }
}
