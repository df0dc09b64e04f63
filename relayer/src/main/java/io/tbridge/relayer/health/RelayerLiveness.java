package io.tbridge.relayer.health;

import io.tbridge.relayer.runtime.RelayerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while every watcher and submitter thread runs and none is stuck in one poll for longer than
 * {@code relayer.health.poll-deadline}.
 */
@Liveness
@ApplicationScoped
public class RelayerLiveness implements HealthCheck {

  @Inject RelayerRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    var b = HealthCheckResponse.named("relayer-workers").status(runtime.workersAlive());
    for (WorkerHeartbeat h : runtime.heartbeats()) {
      if (h.stuck()) {
        b.down()
            .withData(h.worker(), "stuck in one poll for " + h.inPollFor().get().toSeconds() + "s");
      }
    }
    return b.build();
  }
}
