/** Intake: lock hints from {@code bridge.locks.v1}, in this node's own consumer group. */
package io.tbridge.signer.intake;
