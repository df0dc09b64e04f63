package io.tbridge.core.wire;

/** Why a Kafka record was refused; the dead-letter topic carries it with the original bytes. */
public enum RejectReason {
  /** The bytes are not a protobuf message at all (or are absent, e.g. a tombstone). */
  MALFORMED,
  /** The message declares a schema version this decoder does not know. */
  UNKNOWN_VERSION,
  /** A required field is absent. */
  MISSING_FIELD,
  /** A fixed-size field (address, hash, uint256, signature) has the wrong length. */
  BAD_LENGTH,
  /** A number or a count is outside its allowed range. */
  OUT_OF_RANGE,
  /** Every field is well-formed but together they break a domain rule. */
  INVALID,
  /** Decoded fine but refused by a consumer's checks (e.g. a signer's policy). */
  REJECTED_BY_POLICY
}
