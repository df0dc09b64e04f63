/**
 * Submitting: signed releases from {@code bridge.signed.v1} become transactions on the destination
 * chain — skip what is already released, nonces without gaps, EIP-1559 fees with caps, fee-bump
 * replacement of stuck transactions, and classified reverts so one bad release never blocks the
 * queue.
 */
package io.tbridge.relayer.submit;
