package io.tbridge.chain.kafka;

/** Kafka did not durably accept a record; the caller must not treat it as published. */
public final class PublishException extends RuntimeException {

  /** A failure described by {@code message}. */
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
