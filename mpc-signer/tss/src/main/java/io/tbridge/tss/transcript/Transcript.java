package io.tbridge.tss.transcript;

import io.tbridge.tss.codec.ByteWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Fiat–Shamir transcript. Every proof starts one bound to a domain tag (which proof, which protocol
 * version), the session id and the prover's party index, so a proof can be replayed neither in
 * another session, nor by another party, nor as another kind of proof. Appended items are labelled
 * and length-prefixed (injective encoding). Challenges are derived by rejection sampling from a
 * SHA-512 stream, so they are uniform in their range, and each challenge is absorbed back into the
 * transcript so successive challenges are independent.
 */
public final class Transcript {
  private final MessageDigest state;
  private long squeezeCount;

  private Transcript(String domainTag) {
    this.state = sha512();
    absorb("domain", domainTag.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Starts a transcript for one proof or commitment.
   *
   * @param domainTag names the proof and its version, e.g. {@code "tbridge/cggmp21/pi-mod/v1"}
   * @param sessionId the session id all parties agreed on
   * @param partyIndex the prover's (or committer's) party index
   */
  public static Transcript start(String domainTag, byte[] sessionId, int partyIndex) {
    Transcript t = new Transcript(domainTag);
    t.append("sid", sessionId);
    t.append("party", partyIndex);
    return t;
  }

  /** Absorbs a labelled byte string. */
  public Transcript append(String label, byte[] value) {
    absorb(label, value);
    return this;
  }

  /** Absorbs a labelled signed integer (sign and magnitude, so -x and x differ). */
  public Transcript append(String label, BigInteger value) {
    absorb(label, new ByteWriter().bigInt(value).toByteArray());
    return this;
  }

  /** Absorbs a labelled int. */
  public Transcript append(String label, int value) {
    absorb(label, new ByteWriter().i32(value).toByteArray());
    return this;
  }

  /** Absorbs a labelled string. */
  public Transcript append(String label, String value) {
    absorb(label, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Returns a challenge uniform in [0, bound). */
  public BigInteger challengeBelow(BigInteger bound) {
    if (bound.signum() <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    int bits = bound.bitLength();
    byte[] seed = squeezeSeed("below");
    for (long i = 0; ; i++) {
      BigInteger candidate = new BigInteger(1, expand(seed, i, (bits + 7) / 8));
      candidate = candidate.shiftRight(((bits + 7) / 8) * 8 - bits);
      if (candidate.compareTo(bound) < 0) {
        append("challenge", candidate);
        return candidate;
      }
    }
  }

  /** Returns a challenge uniform in [-2^bits, 2^bits] (the paper's signed challenge range). */
  public BigInteger challengeSigned(int bits) {
    BigInteger width = BigInteger.ONE.shiftLeft(bits + 1).add(BigInteger.ONE);
    return challengeBelow(width).subtract(BigInteger.ONE.shiftLeft(bits));
  }

  /** Returns {@code count} independent challenge bits packed as booleans. */
  public boolean[] challengeBits(int count) {
    byte[] seed = squeezeSeed("bits");
    byte[] stream = expand(seed, 0, (count + 7) / 8);
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = ((stream[i / 8] >> (i % 8)) & 1) == 1;
    }
    append("challenge-bits", stream);
    return out;
  }

  private byte[] squeezeSeed(String purpose) {
    try {
      MessageDigest fork = (MessageDigest) state.clone();
      fork.update(
          new ByteWriter().string("squeeze").string(purpose).i64(squeezeCount++).toByteArray());
      return fork.digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-512 digest is not cloneable", e);
    }
  }

  /** Expands a seed into {@code length} bytes: SHA-512(seed ‖ attempt ‖ block) blocks. */
  private static byte[] expand(byte[] seed, long attempt, int length) {
    byte[] out = new byte[length];
    int filled = 0;
    for (int block = 0; filled < length; block++) {
      MessageDigest d = sha512();
      d.update(seed);
      d.update(new ByteWriter().i64(attempt).i32(block).toByteArray());
      byte[] h = d.digest();
      int n = Math.min(h.length, length - filled);
      System.arraycopy(h, 0, out, filled, n);
      filled += n;
    }
    return out;
  }

  private void absorb(String label, byte[] value) {
    state.update(new ByteWriter().string(label).bytes(value).toByteArray());
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required by the JDK", e);
    }
  }
}
