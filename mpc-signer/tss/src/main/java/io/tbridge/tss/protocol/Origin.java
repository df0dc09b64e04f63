package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.ByteWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a sender's origin signature covers: the session, round, sender, recipient and a hash of the
 * plaintext payload of one protocol message. Because it covers the plaintext (not a ciphertext), a
 * recipient can show a signed message to every other party as transferable evidence of what the
 * sender said, without revealing any key: echo disputes and complaints are settled with it.
 *
 * <p>Statement encoding: string {@value #DOMAIN}, length-prefixed session id, u8 round, i32 from,
 * i32 to (0 for a broadcast), 32 raw bytes SHA-256(string {@value #PAYLOAD_DOMAIN}, payload).
 */
public final class Origin {
  /**
   * Domain tag of the signed statement, so an origin signature is never valid for anything else.
   */
  public static final String DOMAIN = "tbridge/tss/origin/v1";

  /** Domain tag of the payload hash. */
  public static final String PAYLOAD_DOMAIN = "tbridge/tss/origin/v1/payload";

  /** Length of an origin signature (Ed25519). */
  public static final int SIGNATURE_BYTES = 64;

  /** Length of a payload hash. */
  public static final int HASH_BYTES = 32;

  private Origin() {}

  /** The hash of a payload that the statement carries. */
  public static byte[] payloadHash(byte[] payload) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(new ByteWriter().string(PAYLOAD_DOMAIN).bytes(payload).toByteArray());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  /** The statement for a message with the given header and payload hash. */
  public static byte[] statement(
      SessionId sessionId, int round, int from, int to, byte[] payloadHash) {
    if (payloadHash.length != HASH_BYTES) {
      throw new IllegalArgumentException("payload hash must be " + HASH_BYTES + " bytes");
    }
    return new ByteWriter()
        .string(DOMAIN)
        .bytes(sessionId.bytes())
        .u8(round)
        .i32(from)
        .i32(to)
        .raw(payloadHash)
        .toByteArray();
  }

  /** The statement a sender signs for {@code message}. */
  public static byte[] statement(ProtocolMessage message) {
    return statement(
        message.sessionId(),
        message.round(),
        message.from(),
        message.to(),
        payloadHash(message.payload()));
  }
}
