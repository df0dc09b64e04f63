package io.tbridge.core.wire;

import io.tbridge.core.wire.proto.DeadLetterMsg;
import io.tbridge.core.wire.proto.DeadLetterReasonMsg;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Codec of the {@code *.dlq} topics: a {@link DeadLetter} keyed by the original key. */
public final class DeadLetterCodec implements WireCodec<DeadLetter> {
  /** Schema version written and read. */
  public static final int SCHEMA_VERSION = 1;

  /** Suffix appended to a topic name to get its dead-letter topic. */
  public static final String SUFFIX = ".dlq";

  /** The dead-letter topic of {@code topic}. */
  public static String topicFor(String topic) {
    return topic + SUFFIX;
  }

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** The dead-letter topic of the locks topic, the busiest consumer. */
  @Override
  public String defaultTopic() {
    return topicFor(ObservedLockCodec.TOPIC);
  }

  @Override
  public byte[] key(DeadLetter value) {
    return value.originalKey().map(k -> k.toByteArray()).orElse(new byte[0]);
  }

  @Override
  public byte[] encode(DeadLetter value) {
    Objects.requireNonNull(value, "value");
    DeadLetterMsg.Builder msg =
        DeadLetterMsg.newBuilder()
            .setSchemaVersion(SCHEMA_VERSION)
            .setOriginalTopic(value.originalTopic())
            .setOriginalValue(value.originalValue())
            .setReason(toWire(value.reason()))
            .setDetail(value.detail())
            .setAtEpochMillis(value.at().toEpochMilli());
    value.originalKey().ifPresent(msg::setOriginalKey);
    return msg.build().toByteArray();
  }

  @Override
  public DecodeResult<DeadLetter> decode(byte[] bytes) {
    return Decoding.run(bytes, SCHEMA_VERSION, raw -> fromMessage(DeadLetterMsg.parseFrom(raw)));
  }

  private static DeadLetter fromMessage(DeadLetterMsg m) {
    Decoding.require(m.hasOriginalTopic(), "original_topic");
    String topic = m.getOriginalTopic();
    if (topic.isEmpty() || topic.length() > DeadLetter.MAX_TOPIC_CHARS) {
      throw Decoding.reject(RejectReason.OUT_OF_RANGE, "original_topic length out of range");
    }
    Decoding.require(m.hasOriginalValue(), "original_value");
    Decoding.require(m.hasDetail(), "detail");
    if (m.getDetail().length() > DeadLetter.MAX_DETAIL_CHARS) {
      throw Decoding.reject(RejectReason.OUT_OF_RANGE, "detail too long");
    }
    long millis =
        Decoding.nonNegative(m.hasAtEpochMillis(), m.getAtEpochMillis(), "at_epoch_millis");
    return new DeadLetter(
        topic,
        m.hasOriginalKey() ? Optional.of(m.getOriginalKey()) : Optional.empty(),
        m.getOriginalValue(),
        fromWire(m.getReason(), m.getReasonValue()),
        m.getDetail(),
        Instant.ofEpochMilli(millis));
  }

  private static DeadLetterReasonMsg toWire(RejectReason reason) {
    return switch (reason) {
      case MALFORMED -> DeadLetterReasonMsg.DEAD_LETTER_REASON_MALFORMED;
      case UNKNOWN_VERSION -> DeadLetterReasonMsg.DEAD_LETTER_REASON_UNKNOWN_VERSION;
      case MISSING_FIELD -> DeadLetterReasonMsg.DEAD_LETTER_REASON_MISSING_FIELD;
      case BAD_LENGTH -> DeadLetterReasonMsg.DEAD_LETTER_REASON_BAD_LENGTH;
      case OUT_OF_RANGE -> DeadLetterReasonMsg.DEAD_LETTER_REASON_OUT_OF_RANGE;
      case INVALID -> DeadLetterReasonMsg.DEAD_LETTER_REASON_INVALID;
      case REJECTED_BY_POLICY -> DeadLetterReasonMsg.DEAD_LETTER_REASON_REJECTED_BY_POLICY;
    };
  }

  private static RejectReason fromWire(DeadLetterReasonMsg reason, int raw) {
    return switch (reason) {
      case DEAD_LETTER_REASON_MALFORMED -> RejectReason.MALFORMED;
      case DEAD_LETTER_REASON_UNKNOWN_VERSION -> RejectReason.UNKNOWN_VERSION;
      case DEAD_LETTER_REASON_MISSING_FIELD -> RejectReason.MISSING_FIELD;
      case DEAD_LETTER_REASON_BAD_LENGTH -> RejectReason.BAD_LENGTH;
      case DEAD_LETTER_REASON_OUT_OF_RANGE -> RejectReason.OUT_OF_RANGE;
      case DEAD_LETTER_REASON_INVALID -> RejectReason.INVALID;
      case DEAD_LETTER_REASON_REJECTED_BY_POLICY -> RejectReason.REJECTED_BY_POLICY;
      case DEAD_LETTER_REASON_UNSPECIFIED ->
          throw Decoding.reject(RejectReason.MISSING_FIELD, "reason is missing");
      case UNRECOGNIZED ->
          throw Decoding.reject(
              RejectReason.OUT_OF_RANGE, "reason " + raw + " is not a known reason");
    };
  }
}
