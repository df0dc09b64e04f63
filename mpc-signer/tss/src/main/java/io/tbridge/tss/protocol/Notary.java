package io.tbridge.tss.protocol;

/**
 * Checks origin signatures against the committee's identity keys. A session given a notary settles
 * echo disputes and complaints with the senders' signed originals, so every honest party names the
 * same culprit; {@link io.tbridge.tss.channel.SecureChannel} is the production implementation.
 */
@FunctionalInterface
public interface Notary {

  /** Whether {@code signature} is party {@code signer}'s signature of {@code statement}. */
  boolean verify(int signer, byte[] statement, byte[] signature);

  /** Whether {@code message} carries a valid signature of its sender. */
  default boolean verify(SignedMessage message) {
    return verify(message.message().from(), message.statement(), message.signature());
  }
}
