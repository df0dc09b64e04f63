package io.tbridge.signer.policy;

/** Why this node's own policy refused a verified lock. */
public enum PolicyReason {
  /** The destination token is not on this node's list. */
  TOKEN_NOT_ALLOWED,
  /** Larger than this node's per-transfer limit for the token. */
  OVER_TRANSFER_CAP,
  /** Would take this node's signed total for the token over its rolling 24 h cap. */
  OVER_DAILY_CAP,
  /** The sender is on the denylist. */
  SENDER_DENIED,
  /** The recipient is on the denylist. */
  RECIPIENT_DENIED
}
