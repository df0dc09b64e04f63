package io.tbridge.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A secp256k1 ECDSA signature in the 65-byte form {@code r ‖ s ‖ v} that Ethereum contracts
 * recover. Only the canonical form is representable: r and s in [1, n), s ≤ n/2 (low-s, as OZ's
 * ECDSA and our Bridge require) and v ∈ {27, 28}.
 *
 * @param r the x coordinate of the nonce point, mod n
 * @param s the low-s proof scalar
 * @param v 27 + the recovery id
 */
public record Signature65(BigInteger r, BigInteger s, int v) {
  /** Length of the serialized form. */
  public static final int LENGTH = 65;

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  /** Order n of the secp256k1 group. */
  public static final BigInteger CURVE_ORDER = CURVE.getN();

  private static final BigInteger HALF_ORDER = CURVE_ORDER.shiftRight(1);

  /** Validates ranges, low-s and v. */
  public Signature65 {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (r.signum() <= 0 || r.compareTo(CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("signature r must be in [1, n)");
    }
    if (s.signum() <= 0 || s.compareTo(CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("signature s must be in [1, n)");
    }
    if (s.compareTo(HALF_ORDER) > 0) {
      throw new IllegalArgumentException("signature s must be low (s <= n/2)");
    }
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("signature v must be 27 or 28, got " + v);
    }
  }

  /** The signature (r, s, v); see the record's rules. */
  public static Signature65 of(BigInteger r, BigInteger s, int v) {
    return new Signature65(r, s, v);
  }

  /**
   * Normalizes a raw ECDSA result: a high s is replaced by n - s, which flips the recovery id.
   *
   * @param recoveryId 0 or 1, the parity of the nonce point's y for the given s
   */
  public static Signature65 canonical(BigInteger r, BigInteger s, int recoveryId) {
    Objects.requireNonNull(s, "s");
    if (recoveryId != 0 && recoveryId != 1) {
      throw new IllegalArgumentException("recovery id must be 0 or 1, got " + recoveryId);
    }
    if (s.compareTo(HALF_ORDER) > 0 && s.compareTo(CURVE_ORDER) < 0) {
      return new Signature65(r, CURVE_ORDER.subtract(s), 27 + (recoveryId ^ 1));
    }
    return new Signature65(r, s, 27 + recoveryId);
  }

  /**
   * Parses {@code r ‖ s ‖ v}.
   *
   * @throws IllegalArgumentException if the length is not 65 or a rule is broken
   */
  public static Signature65 fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a signature must be exactly 65 bytes");
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
    return new Signature65(r, s, bytes[64] & 0xff);
  }

  /** The 65 bytes {@code r ‖ s ‖ v}, as {@code release(…, bytes signature)} expects them. */
  public byte[] toBytes() {
    byte[] out = new byte[LENGTH];
    System.arraycopy(Uint256.toWord(r), 0, out, 0, 32);
    System.arraycopy(Uint256.toWord(s), 0, out, 32, 32);
    out[64] = (byte) v;
    return out;
  }

  /** The recovery id, 0 or 1. */
  public int recoveryId() {
    return v - 27;
  }

  /**
   * The address whose key made this signature over {@code digest}, as {@code ecrecover} would
   * compute it; empty when no point has x = r.
   */
  public Optional<Address> recoverSigner(Hash32 digest) {
    Objects.requireNonNull(digest, "digest");
    try {
      BigInteger publicKey =
          Sign.recoverFromSignature(recoveryId(), new ECDSASignature(r, s), digest.bytes());
      if (publicKey == null) {
        return Optional.empty();
      }
      return Optional.of(Address.of("0x" + Keys.getAddress(publicKey)));
    } catch (IllegalArgumentException notOnCurve) {
      // r is not the x of any curve point: nothing recovers, exactly like ecrecover's zero.
      return Optional.empty();
    }
  }
}
