package io.tbridge.relayer.health;

import io.tbridge.relayer.runtime.RelayerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while every watcher and submitter thread runs. */
@Liveness
@ApplicationScoped
public class RelayerLiveness implements HealthCheck {

  @Inject RelayerRuntime runtime;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("relayer-workers").status(runtime.workersAlive()).build();
  }
}
