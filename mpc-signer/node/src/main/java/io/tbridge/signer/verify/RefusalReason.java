package io.tbridge.signer.verify;

/** Why a lock hint was refused; stable codes for metrics, status events and audit lines. */
public enum RefusalReason {
  /** The hint names a source chain this node does not watch. */
  UNKNOWN_SOURCE_CHAIN,
  /** The hint names a destination chain this node does not sign for. */
  UNKNOWN_DESTINATION_CHAIN,
  /** The hint names another contract than the chain's configured bridge. */
  WRONG_SOURCE_BRIDGE,
  /** No such transaction on this node's final view (SECURITY 18). */
  NO_SUCH_TRANSACTION,
  /** The transaction reverted. */
  TRANSACTION_FAILED,
  /** The transaction has no log at the stated index. */
  NO_SUCH_LOG,
  /** The log was emitted by another contract. */
  WRONG_EMITTER,
  /** The log is not a {@code Locked} event. */
  WRONG_TOPIC,
  /** The log does not decode as a well-formed {@code Locked} event. */
  MALFORMED_EVENT,
  /** A field of the hint differs from the chain (SECURITY 19); the detail names it. */
  FIELD_MISMATCH,
  /** No ERC-20 transfer from the sender into the bridge in the same receipt. */
  NO_TOKEN_TRANSFER,
  /** The tokens moved do not give the event's amount, or a burn is missing. */
  TRANSFER_MISMATCH,
  /** The source bridge's route table does not give the event's destination token. */
  ROUTE_MISMATCH,
  /** The receipt's block is not the canonical block at its height. */
  REORGED,
  /** This node's endpoints gave different answers: nothing is signed on a split view. */
  ENDPOINTS_DISAGREE
}
