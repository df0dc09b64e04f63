package io.tbridge.core.wire;

/**
 * Turns one topic's domain value into record bytes and back. {@link #decode} never throws for any
 * input: it returns the value or a {@link DecodeError} with a {@link RejectReason}.
 *
 * @param <T> the domain type carried by the topic
 */
public interface WireCodec<T> {
  /**
   * Largest record a decoder looks at; larger input is refused unread (Kafka's own default limit is
   * 1 MiB, and a dead letter wraps a whole original record).
   */
  int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

  /** The schema version this codec writes and the only one it reads. */
  int schemaVersion();

  /** The default topic name. */
  String defaultTopic();

  /** The record key for {@code value} (e.g. the deposit id). */
  byte[] key(T value);

  /** The record value for {@code value}. */
  byte[] encode(T value);

  /** The domain value in {@code bytes}, or why not; {@code null} (a tombstone) is MALFORMED. */
  DecodeResult<T> decode(byte[] bytes);
}
