package io.tbridge.core.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one Kafka record: the domain value, or the documented reason it was
 * refused. Decoders return this instead of throwing, so a poison record goes to the dead-letter
 * topic instead of crashing a consumer.
 *
 * @param <T> the domain type
 */
public sealed interface DecodeResult<T> permits DecodeResult.Decoded, DecodeResult.Rejected {

  /** A successful decode. */
  static <T> DecodeResult<T> decoded(T value) {
    return new Decoded<>(value);
  }

  /** A refused decode. */
  static <T> DecodeResult<T> rejected(RejectReason reason, String detail) {
    return new Rejected<>(DecodeError.of(reason, detail));
  }

  /** The value if decoding succeeded. */
  Optional<T> value();

  /** The error if decoding failed. */
  Optional<DecodeError> error();

  /** Whether decoding succeeded. */
  default boolean isDecoded() {
    return value().isPresent();
  }

  /**
   * The value, or a {@link DecodeException} carrying the error.
   *
   * @throws DecodeException if decoding failed
   */
  default T orElseThrow() {
    return value().orElseThrow(() -> new DecodeException(error().orElseThrow()));
  }

  /**
   * Decoding succeeded.
   *
   * @param decoded the domain value
   */
  record Decoded<T>(T decoded) implements DecodeResult<T> {
    /** Validates presence. */
    public Decoded {
      Objects.requireNonNull(decoded, "decoded");
    }

    @Override
    public Optional<T> value() {
      return Optional.of(decoded);
    }

    @Override
    public Optional<DecodeError> error() {
      return Optional.empty();
    }
  }

  /**
   * Decoding failed.
   *
   * @param cause why
   */
  record Rejected<T>(DecodeError cause) implements DecodeResult<T> {
    /** Validates presence. */
    public Rejected {
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public Optional<DecodeError> error() {
      return Optional.of(cause);
    }
  }
}
