package io.tbridge.tss.channel;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869): extract a pseudorandom key from input keying material, then
 * expand it into as many output bytes as needed, bound to a context string ({@code info}). Written
 * here because the JDK 17 has no HKDF API; checked against the RFC's test vectors.
 */
public final class Hkdf {
  /** Output length of SHA-256, the "HashLen" of RFC 5869. */
  public static final int HASH_LENGTH = 32;

  /** Longest output RFC 5869 allows (255 blocks). */
  public static final int MAX_OUTPUT_LENGTH = 255 * HASH_LENGTH;

  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /**
   * HKDF-Extract: PRK = HMAC-SHA256(salt, ikm). An empty salt means HashLen zero bytes, as the RFC
   * prescribes (HMAC pads short keys with zeros, so both give the same PRK).
   */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] key = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    Mac mac = mac(key);
    return mac.doFinal(ikm);
  }

  /**
   * HKDF-Expand: the first {@code length} bytes of T(1) | T(2) | … with T(i) = HMAC(prk, T(i−1) |
   * info | i).
   */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (prk.length < HASH_LENGTH) {
      throw new IllegalArgumentException("PRK must have at least " + HASH_LENGTH + " bytes");
    }
    if (length < 0 || length > MAX_OUTPUT_LENGTH) {
      throw new IllegalArgumentException(
          "output length must be in [0, " + MAX_OUTPUT_LENGTH + "], got " + length);
    }
    Mac mac = mac(prk);
    byte[] out = new byte[length];
    byte[] previous = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      mac.update(previous);
      mac.update(info);
      mac.update((byte) counter);
      previous = mac.doFinal();
      int n = Math.min(previous.length, length - written);
      System.arraycopy(previous, 0, out, written, n);
      written += n;
    }
    Arrays.fill(previous, (byte) 0);
    return out;
  }

  /** Extract then expand: {@code length} bytes of key material from {@code ikm}. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is mandatory in every JDK; a failure here is a broken runtime, not bad input.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
