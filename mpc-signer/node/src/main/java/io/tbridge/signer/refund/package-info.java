/**
 * Refunds of deposits voided on their destination chain: this node finds each final {@code
 * DepositVoided} on its own view of every chain, verifies the voided deposit's lock on its source
 * as it would for a release, agrees durably to one refund per deposit, and co-signs it with the
 * quorum; the signed refund goes to {@code bridge.refunds.v1}, from which anyone may send it.
 */
package io.tbridge.signer.refund;
