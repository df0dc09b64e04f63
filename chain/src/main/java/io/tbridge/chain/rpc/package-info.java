/**
 * Chain access: JSON-RPC over HTTP per endpoint, wrapped with Resilience4j (retry on retriable
 * errors only, a circuit breaker per endpoint, a rate limiter), typed Ethereum calls, and the
 * quorum reader that only accepts what enough independent endpoints agree on.
 */
package io.tbridge.chain.rpc;
