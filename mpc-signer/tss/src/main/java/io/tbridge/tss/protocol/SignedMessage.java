package io.tbridge.tss.protocol;

import java.util.Objects;

/**
 * A protocol message with its sender's origin signature over {@link Origin#statement}. Whoever
 * holds it can prove to anyone what the sender said, which is what lets every honest party reach
 * the same verdict about a message only one of them received.
 *
 * @param message the message
 * @param signature the sender's signature of {@link Origin#statement(ProtocolMessage)}
 */
public record SignedMessage(ProtocolMessage message, byte[] signature) {

  /** Validating constructor; copies the signature. */
  public SignedMessage {
    Objects.requireNonNull(message, "message");
    if (signature.length != Origin.SIGNATURE_BYTES) {
      throw new IllegalArgumentException(
          "origin signature must be " + Origin.SIGNATURE_BYTES + " bytes");
    }
    signature = signature.clone();
  }

  /** A copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The statement the signature must verify on. */
  public byte[] statement() {
    return Origin.statement(message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedMessage s
        && message.equals(s.message)
        && java.util.Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return 31 * message.hashCode() + java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedMessage[" + message + "]";
  }
}
