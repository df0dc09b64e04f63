/**
 * Publishing: final locks to {@code bridge.locks.v1} (idempotent producer, acks=all, key = deposit
 * id), lifecycle events to {@code bridge.status.v1}, refused records to {@code *.dlq}.
 */
package io.tbridge.relayer.publish;
