package io.tbridge.core.wire;

/** Where a deposit is in its life, as reported on {@code bridge.status.v1}. */
public enum DepositStage {
  /** The relayer saw the Locked event, not yet final. */
  OBSERVED,
  /** The lock reached finality on the source chain. */
  FINAL,
  /** Published to the signers. */
  PUBLISHED,
  /**
   * A signer verified the lock and is signing it (one event per signer, naming it in the detail).
   */
  SIGNING,
  /** The group signature exists. */
  SIGNED,
  /** The release transaction was sent. */
  SUBMITTED,
  /** The release transaction succeeded on the destination chain. */
  RELEASED,
  /** A reorg removed the lock before finality; it will never be released. */
  REORGED,
  /** A signer or the relayer refused the deposit (see the detail). */
  REFUSED,
  /** Submission failed for good (see the detail). */
  FAILED,
  /**
   * The signers gave up after their attempts (see the detail); kept for an operator, never dropped.
   */
  PARKED
}
