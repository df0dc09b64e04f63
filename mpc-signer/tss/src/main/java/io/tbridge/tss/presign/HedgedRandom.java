package io.tbridge.tss.presign;

import io.tbridge.tss.channel.Hkdf;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The random source of one presigning run, hedged against a bad caller RNG. Every secret of the run
 * (k_i and γ_i first, then the Paillier randomness, the MtA masks β and the proofs' inline masks)
 * is drawn from a Hash_DRBG seeded with
 *
 * <pre>
 *   seed = HKDF-SHA256(salt = SHA-256("tbridge/cggmp21/presign-hedge-key/v1", i, x_i),
 *                      ikm  = 32 bytes from the caller's RNG ‖ session id ‖ context digest,
 *                      info = "tbridge/cggmp21/presign-hedge/v1", 64 bytes)
 * </pre>
 *
 * (HKDF-Extract is HMAC keyed by the salt, so this is a PRF keyed by a hash of the secret share
 * over the RNG output and the session). With a good RNG the seed is as unpredictable as the RNG
 * output. With a repeated or cloned RNG state (a restored VM snapshot, a forked process) two runs
 * still get independent streams, because their session ids differ (the registry refuses a reused
 * id), and nobody without x_i can predict them. Without hedging, two runs with the same nonces give
 * the key to anyone who sees both signatures (same R, two equations in k and x), and a repeated β
 * gives it to the counterparty of the MtA. Scalars are then drawn from the stream by rejection
 * sampling ({@link Secp256k1#randomScalar}), so they are unbiased. The derivation is deterministic,
 * so seeded test runs stay reproducible.
 */
final class HedgedRandom {
  static final String KEY_DOMAIN = "tbridge/cggmp21/presign-hedge-key/v1";
  static final String INFO = "tbridge/cggmp21/presign-hedge/v1";
  private static final int FRESH_BYTES = 32;
  private static final int SEED_BYTES = 64;

  private HedgedRandom() {}

  /**
   * The hedged source for {@code share}'s party in run {@code sid} with context {@code context}.
   */
  static SecureRandom of(SecureRandom rng, KeyShare share, SessionId sid, byte[] context) {
    byte[] fresh = new byte[FRESH_BYTES];
    rng.nextBytes(fresh);
    byte[] keyInput =
        new ByteWriter()
            .string(KEY_DOMAIN)
            .i32(share.self())
            .raw(Secp256k1.encodeScalar(share.secretShare()))
            .toByteArray();
    byte[] salt = sha256(keyInput);
    byte[] ikm = new ByteWriter().raw(fresh).bytes(sid.bytes()).bytes(context).toByteArray();
    byte[] seed = Hkdf.derive(salt, ikm, INFO.getBytes(StandardCharsets.UTF_8), SEED_BYTES);
    try {
      return SplitRandom.fromSeed(seed, "presign-hedged");
    } finally {
      // The share and everything derived from it: not kept beyond this call.
      Arrays.fill(keyInput, (byte) 0);
      Arrays.fill(salt, (byte) 0);
      Arrays.fill(fresh, (byte) 0);
      Arrays.fill(ikm, (byte) 0);
      Arrays.fill(seed, (byte) 0);
    }
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }
}
