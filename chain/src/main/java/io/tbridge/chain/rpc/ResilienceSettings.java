package io.tbridge.chain.rpc;

import java.time.Duration;

/**
 * Resilience4j settings applied to each endpoint of a chain.
 *
 * @param maxAttempts calls per request including the first (retriable errors only)
 * @param retryWait wait before the first retry; doubles per attempt
 * @param failureRateThreshold percentage of failed calls that opens the circuit breaker
 * @param slidingWindowSize calls the breaker looks at
 * @param openStateWait how long an open breaker refuses calls before probing again
 * @param callsPerSecond rate limit of calls to the endpoint
 * @param rateLimitWait how long a call may wait for a permit before failing
 */
public record ResilienceSettings(
    int maxAttempts,
    Duration retryWait,
    float failureRateThreshold,
    int slidingWindowSize,
    Duration openStateWait,
    int callsPerSecond,
    Duration rateLimitWait) {

  /** Validates ranges. */
  public ResilienceSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    if (retryWait.isNegative()) {
      throw new IllegalArgumentException("retryWait must not be negative");
    }
    if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("failureRateThreshold must be in (0, 100]");
    }
    if (slidingWindowSize < 1) {
      throw new IllegalArgumentException("slidingWindowSize must be >= 1");
    }
    if (openStateWait.isNegative() || openStateWait.isZero()) {
      throw new IllegalArgumentException("openStateWait must be positive");
    }
    if (callsPerSecond < 1) {
      throw new IllegalArgumentException("callsPerSecond must be >= 1");
    }
    if (rateLimitWait.isNegative()) {
      throw new IllegalArgumentException("rateLimitWait must not be negative");
    }
  }

  /** Defaults for a public provider: 3 attempts, 50% failures over 20 calls, 50 calls/s. */
  public static ResilienceSettings defaults() {
    return new ResilienceSettings(
        3, Duration.ofMillis(200), 50f, 20, Duration.ofSeconds(30), 50, Duration.ofSeconds(5));
  }
}
