package io.tbridge.signer.sign;

import io.tbridge.core.Hash32;
import io.tbridge.tss.protocol.SessionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The seed from which every node derives, without a leader, the committee of one signing attempt:
 * SHA-256 over a tag, the key id, the payload's EIP-712 digest and the attempt number. A new
 * attempt gives a new seed, so a committee that failed (a silent member) rotates.
 */
public final class AttemptSeed {
  private static final byte[] TAG =
      "tbridge/signer/attempt-seed/v1".getBytes(StandardCharsets.US_ASCII);

  private AttemptSeed() {}

  /** The seed of attempt {@code attempt} (0-based) for {@code digest} under key {@code keyId}. */
  public static SessionId of(String keyId, Hash32 digest, int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] key = keyId.getBytes(StandardCharsets.UTF_8);
      sha.update(ByteBuffer.allocate(4).putInt(TAG.length).array());
      sha.update(TAG);
      sha.update(ByteBuffer.allocate(4).putInt(key.length).array());
      sha.update(key);
      sha.update(digest.bytes());
      sha.update(ByteBuffer.allocate(4).putInt(attempt).array());
      return new SessionId(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
