package io.tbridge.relayer.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tbridge.chain.rpc.ChainHealth;
import io.tbridge.chain.rpc.JsonRpc;
import io.tbridge.chain.rpc.ResilientJsonRpc;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.serviceconfig.OwnedCounter;
import java.util.List;

/**
 * RPC meters of the relayer. Endpoints are tagged by their display name ({@code
 * scheme://host:port}, see {@code EndpointNames}), never by URL: URLs carry provider API keys.
 */
public final class RpcMetrics {

  private RpcMetrics() {}

  /**
   * Wraps one endpoint so that every failed attempt (retries included) counts in {@code
   * relayer_rpc_errors_total{chain,endpoint,kind}}; put it under the resilience wrapper.
   */
  public static JsonRpc counted(JsonRpc delegate, String chain, MeterRegistry metrics) {
    return new JsonRpc() {
      @Override
      public JsonNode call(String method, List<?> params) {
        try {
          return delegate.call(method, params);
        } catch (RpcException e) {
          OwnedCounter.register(
                  metrics,
                  "relayer.rpc.errors",
                  "Failed JSON-RPC attempts by endpoint and kind",
                  Tags.of("chain", chain, "endpoint", delegate.name(), "kind", e.kind().label()))
              .increment();
          throw e;
        }
      }

      @Override
      public String name() {
        return delegate.name();
      }
    };
  }

  /** {@code relayer_rpc_breaker_state{chain,endpoint}}: 0 closed, 1 half-open, 2 open. */
  public static void breaker(ResilientJsonRpc rpc, String chain, MeterRegistry metrics) {
    Gauge.builder("relayer.rpc.breaker.state", rpc, r -> breakerValue(r.breakerState()))
        .description("Circuit breaker of the endpoint: 0 closed, 1 half-open, 2 open (-1 other)")
        .tags("chain", chain, "endpoint", rpc.name())
        .register(metrics);
  }

  /**
   * {@code relayer_chain_rpc_seconds_since_answer{chain}} (time since the quorum last answered,
   * i.e. the last successful poll) and {@code relayer_chain_rpc_up{chain}} (1 healthy, 0 not).
   */
  public static void chain(ChainHealth health, MeterRegistry metrics) {
    Gauge.builder(
            "relayer.chain.rpc.seconds.since.answer",
            health,
            h -> h.status().sinceLastAnswer().toMillis() / 1000.0)
        .description("Seconds since the chain's endpoint quorum last answered")
        .tags("chain", health.chain())
        .register(metrics);
    Gauge.builder("relayer.chain.rpc.up", health, h -> h.status().healthy() ? 1 : 0)
        .description("1 while the quorum answered within relayer.health.rpc-stale-after, else 0")
        .tags("chain", health.chain())
        .register(metrics);
  }

  static int breakerValue(CircuitBreaker.State s) {
    return switch (s) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
      default -> -1;
    };
  }
}
