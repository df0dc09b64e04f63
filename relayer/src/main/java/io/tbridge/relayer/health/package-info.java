/** Liveness and readiness for {@code /q/health}: chain lag, halts, Kafka connectivity. */
package io.tbridge.relayer.health;
