package io.tbridge.signer.mpc;

import io.tbridge.core.Hash32;
import io.tbridge.tss.protocol.SessionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Deterministic session ids that every node computes alike, without a leader: SHA-256 over a domain
 * tag and length-prefixed fields. A different kind, key, payload digest, attempt or signer set
 * always gives a different id, so no two runs ever share one (a reused id aborts in tss).
 */
public final class SessionIds {

  private SessionIds() {}

  /** Key generation of {@code keyId} in ceremony {@code label}. */
  public static SessionId keygen(String keyId, String label) {
    return id("keygen", keyId, label.getBytes(StandardCharsets.UTF_8));
  }

  /** Aux-info of {@code keyId} in ceremony {@code label}. */
  public static SessionId auxInfo(String keyId, String label) {
    return id("aux-info", keyId, label.getBytes(StandardCharsets.UTF_8));
  }

  /** Presigning for attempt {@code attempt} over {@code digest} among {@code signers}. */
  public static SessionId presign(String keyId, Hash32 digest, int attempt, List<Integer> signers) {
    return id("presign", keyId, digest.bytes(), attemptAndSigners(attempt, signers));
  }

  /** Online signing for attempt {@code attempt} over {@code digest} among {@code signers}. */
  public static SessionId sign(String keyId, Hash32 digest, int attempt, List<Integer> signers) {
    return id("sign", keyId, digest.bytes(), attemptAndSigners(attempt, signers));
  }

  /**
   * Presigning for the batch of window {@code window} over {@code digest} among {@code signers}.
   * The window keeps two proposals of the same deposits (after a failed one) apart.
   */
  public static SessionId batchPresign(
      String keyId, Hash32 digest, long window, List<Integer> signers) {
    return id("batch-presign", keyId, digest.bytes(), windowAndSigners(window, signers));
  }

  /** Online signing for the batch of window {@code window} over {@code digest}. */
  public static SessionId batchSign(
      String keyId, Hash32 digest, long window, List<Integer> signers) {
    return id("batch-sign", keyId, digest.bytes(), windowAndSigners(window, signers));
  }

  /**
   * A presigning made ahead of any request for the stock of {@code signers}, under the random
   * {@code tag} its initiator chose. Not bound to a digest: the digest is fixed only when the
   * presignature is consumed, which is recorded durably first (SECURITY 22).
   */
  public static SessionId stockPresign(String keyId, List<Integer> signers, Hash32 tag) {
    return id("stock-presign", keyId, tag.bytes(), roundAndSigners(0, new byte[0], signers));
  }

  /** The fixed id under which control messages of {@code kind} travel. */
  public static SessionId control(String kind) {
    return id("control", kind, new byte[0]);
  }

  private static byte[] attemptAndSigners(int attempt, List<Integer> signers) {
    ByteBuffer b = ByteBuffer.allocate(4).putInt(attempt);
    return roundAndSigners(attempt, b.array(), signers);
  }

  private static byte[] windowAndSigners(long window, List<Integer> signers) {
    ByteBuffer b = ByteBuffer.allocate(8).putLong(window);
    return roundAndSigners(window, b.array(), signers);
  }

  /** The encoded round (attempt or window), the signer count and the signers ascending. */
  private static byte[] roundAndSigners(long round, byte[] encoded, List<Integer> signers) {
    if (round < 0 || signers.isEmpty()) {
      throw new IllegalArgumentException("need a non-negative round and at least one signer");
    }
    ByteBuffer b =
        ByteBuffer.allocate(encoded.length + 4 + 4 * signers.size())
            .put(encoded)
            .putInt(signers.size());
    signers.stream().sorted().forEach(b::putInt);
    return b.array();
  }

  private static SessionId id(String kind, String keyId, byte[]... fields) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      field(sha, "tbridge/signer/session-id/v1".getBytes(StandardCharsets.US_ASCII));
      field(sha, kind.getBytes(StandardCharsets.US_ASCII));
      field(sha, keyId.getBytes(StandardCharsets.UTF_8));
      for (byte[] f : fields) {
        field(sha, f);
      }
      return new SessionId(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void field(MessageDigest sha, byte[] f) {
    sha.update(ByteBuffer.allocate(4).putInt(f.length).array());
    sha.update(f);
  }
}
