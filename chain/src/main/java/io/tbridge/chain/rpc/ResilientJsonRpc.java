package io.tbridge.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * One endpoint wrapped with Resilience4j: a rate limiter, a circuit breaker that counts only
 * endpoint failures (retriable errors), and a retry that repeats retriable errors only. A revert or
 * an invalid request is never retried and never opens the breaker.
 */
public final class ResilientJsonRpc implements JsonRpc {

  private final JsonRpc delegate;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final RateLimiter limiter;

  /** Wraps {@code delegate} with the given settings; {@code chain} only names the instances. */
  public ResilientJsonRpc(JsonRpc delegate, String chain, ResilienceSettings s) {
    this.delegate = delegate;
    String id = chain + "@" + delegate.name();
    this.limiter =
        RateLimiter.of(
            id,
            RateLimiterConfig.custom()
                .limitForPeriod(s.callsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(s.rateLimitWait())
                .build());
    this.breaker =
        CircuitBreaker.of(
            id,
            CircuitBreakerConfig.custom()
                .failureRateThreshold(s.failureRateThreshold())
                .slidingWindowSize(s.slidingWindowSize())
                .minimumNumberOfCalls(Math.min(s.slidingWindowSize(), 5))
                .waitDurationInOpenState(s.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(ResilientJsonRpc::isEndpointFailure)
                .build());
    this.retry =
        Retry.of(
            id,
            RetryConfig.custom()
                .maxAttempts(s.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        Math.max(1, s.retryWait().toMillis()), 2.0))
                .retryOnException(ResilientJsonRpc::isEndpointFailure)
                .build());
  }

  private static boolean isEndpointFailure(Throwable t) {
    return t instanceof RpcException e && e.retriable();
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    Supplier<JsonNode> limited =
        RateLimiter.decorateSupplier(limiter, () -> delegate.call(method, params));
    Supplier<JsonNode> guarded = CircuitBreaker.decorateSupplier(breaker, limited);
    Supplier<JsonNode> retried = Retry.decorateSupplier(retry, guarded);
    try {
      return retried.get();
    } catch (CallNotPermittedException e) {
      throw new RpcException(
          name(), method + " refused: circuit breaker open", false, RpcErrorKind.BREAKER_OPEN);
    } catch (RequestNotPermitted e) {
      throw new RpcException(
          name(), method + " refused: rate limit", false, RpcErrorKind.RATE_LIMITED);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  /** The breaker's state name (CLOSED, OPEN, HALF_OPEN), for health and metrics. */
  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }
}
