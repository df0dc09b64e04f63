package io.tbridge.core.wire;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A record a consumer could not decode or accept, kept byte for byte for the {@code *.dlq} topic
 * together with the reason.
 *
 * @param originalTopic topic the record came from
 * @param originalKey its key, if it had one
 * @param originalValue its value (empty for a tombstone)
 * @param reason why it was refused
 * @param detail which field and rule, at most {@link #MAX_DETAIL_CHARS} characters
 * @param at when it was refused (from the consumer's injected clock)
 */
public record DeadLetter(
    String originalTopic,
    Optional<ByteString> originalKey,
    ByteString originalValue,
    RejectReason reason,
    String detail,
    Instant at) {
  /** Longest detail text accepted. */
  public static final int MAX_DETAIL_CHARS = 1024;

  /** Longest topic name Kafka allows. */
  public static final int MAX_TOPIC_CHARS = 249;

  /** Validates presence, the topic name, the detail length and the time. */
  public DeadLetter {
    Objects.requireNonNull(originalTopic, "originalTopic");
    Objects.requireNonNull(originalKey, "originalKey");
    Objects.requireNonNull(originalValue, "originalValue");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(at, "at");
    if (originalTopic.isEmpty() || originalTopic.length() > MAX_TOPIC_CHARS) {
      throw new IllegalArgumentException("topic must have 1 to " + MAX_TOPIC_CHARS + " chars");
    }
    if (detail.length() > MAX_DETAIL_CHARS) {
      throw new IllegalArgumentException("detail exceeds " + MAX_DETAIL_CHARS + " characters");
    }
    if (at.isBefore(Instant.EPOCH) || at.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("time must be after 1970 with millisecond precision");
    }
  }

  /**
   * The dead letter for a record that failed to decode; {@code key}/{@code value} may be null as
   * Kafka delivers them, the detail is cut to fit and the time truncated to milliseconds.
   */
  public static DeadLetter of(
      String topic, byte[] key, byte[] value, DecodeError error, Instant at) {
    Objects.requireNonNull(error, "error");
    String detail = error.detail();
    if (detail.length() > MAX_DETAIL_CHARS) {
      detail = detail.substring(0, MAX_DETAIL_CHARS);
    }
    return new DeadLetter(
        topic,
        key == null ? Optional.empty() : Optional.of(ByteString.copyFrom(key)),
        value == null ? ByteString.EMPTY : ByteString.copyFrom(value),
        error.reason(),
        detail,
        Instant.ofEpochMilli(at.toEpochMilli()));
  }
}
