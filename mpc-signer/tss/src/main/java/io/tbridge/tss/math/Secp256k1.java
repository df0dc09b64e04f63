package io.tbridge.tss.math;

import io.tbridge.tss.codec.DecodingException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The secp256k1 group: validated point and scalar decoding, and scalar multiplication in two
 * flavours: regular (for secret scalars: {@link #mulG}, {@link #mulSecret}) and fast variable-time
 * (for public scalars: {@link #mulPublic}).
 */
public final class Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");

  /** The curve. */
  public static final ECCurve CURVE = PARAMS.getCurve();

  /** The generator G. */
  public static final ECPoint G = PARAMS.getG();

  /** The group order q (the paper's q). */
  public static final BigInteger Q = PARAMS.getN();

  /** Encoded size of a compressed point. */
  public static final int POINT_BYTES = 33;

  /** Encoded size of a scalar. */
  public static final int SCALAR_BYTES = 32;

  private static final FixedPointCombMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  private Secp256k1() {}

  /**
   * Returns k·G (k of any sign, reduced mod q; k ≡ 0 gives the identity). Suitable for secret k:
   * Bouncy Castle's fixed-point comb runs a fixed number of doubling-plus-addition steps, its table
   * entries are never the identity, and each entry is read with a full-table masked scan (see
   * docs/tss.md, "Side channels"). It is also the fastest way to multiply G by a public scalar.
   */
  public static ECPoint mulG(BigInteger k) {
    return BASE_MULTIPLIER.multiply(G, k.mod(Q)).normalize();
  }

  /**
   * Returns k·P for a secret scalar k (any sign, reduced mod q; k ≡ 0 gives the identity) with a
   * regular fixed-window method and constant-time table lookups; for P = G it uses {@link #mulG}.
   *
   * @throws IllegalArgumentException if P is the identity, not on secp256k1, or from another curve
   */
  public static ECPoint mulSecret(ECPoint p, BigInteger k) {
    requireValidPoint(p);
    if (p == G || p.equals(G)) {
      return mulG(k);
    }
    return checked(RegularMultiplier.multiply(p, k));
  }

  /**
   * Returns k·P for a public scalar k (verification: e·X in proofs, u1/u2 in ECDSA checks), with
   * Bouncy Castle's fast but variable-time GLV/wNAF multiplier. Never pass a secret here.
   *
   * @throws IllegalArgumentException if P is the identity, not on secp256k1, or from another curve
   */
  public static ECPoint mulPublic(ECPoint p, BigInteger k) {
    requireValidPoint(p);
    return p.multiply(k.mod(Q)).normalize();
  }

  /**
   * Returns k·P, normalised. Kept for existing callers: it is {@link #mulSecret} (the safe
   * default); use {@link #mulPublic} where the scalar is public and speed matters.
   */
  public static ECPoint mul(ECPoint p, BigInteger k) {
    return mulSecret(p, k);
  }

  private static void requireValidPoint(ECPoint p) {
    if (p.isInfinity()) {
      throw new IllegalArgumentException("cannot multiply the identity point");
    }
    if (!CURVE.equals(p.getCurve()) || !p.isValid()) {
      throw new IllegalArgumentException("point is not a valid secp256k1 point");
    }
  }

  /** A fault check, as Bouncy Castle's own multipliers do: the result must lie on the curve. */
  private static ECPoint checked(ECPoint r) {
    if (!r.isValid()) {
      throw new IllegalStateException("scalar multiplication produced an invalid point");
    }
    return r;
  }

  /** Returns a uniformly random scalar in [1, q). */
  public static BigInteger randomScalar(SecureRandom random) {
    while (true) {
      BigInteger k = new BigInteger(Q.bitLength(), random);
      if (k.signum() > 0 && k.compareTo(Q) < 0) {
        return k;
      }
    }
  }

  /** Compressed SEC1 encoding; the identity has no encoding here and is refused. */
  public static byte[] encode(ECPoint p) {
    if (p.isInfinity()) {
      throw new IllegalArgumentException("the identity point is never encoded");
    }
    return p.getEncoded(true);
  }

  /**
   * Decodes a compressed point and validates it: exact length, on the curve, not the identity.
   * Bouncy Castle's decoder checks the curve equation; the identity cannot be encoded in 33 bytes,
   * but the explicit check documents the rule.
   */
  public static ECPoint decodePoint(byte[] encoded) throws DecodingException {
    if (encoded.length != POINT_BYTES || (encoded[0] != 0x02 && encoded[0] != 0x03)) {
      throw new DecodingException("point must be 33-byte compressed SEC1");
    }
    ECPoint p;
    try {
      p = CURVE.decodePoint(encoded).normalize();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new DecodingException("point is not on secp256k1");
    }
    if (p.isInfinity() || !p.isValid()) {
      throw new DecodingException("point is the identity or invalid");
    }
    return p;
  }

  /** Big-endian 32-byte encoding of a scalar in [0, q). */
  public static byte[] encodeScalar(BigInteger k) {
    if (k.signum() < 0 || k.compareTo(Q) >= 0) {
      throw new IllegalArgumentException("scalar out of range");
    }
    byte[] out = new byte[SCALAR_BYTES];
    byte[] b = k.toByteArray();
    int copy = Math.min(b.length, SCALAR_BYTES);
    System.arraycopy(b, b.length - copy, out, SCALAR_BYTES - copy, copy);
    return out;
  }

  /** Decodes a 32-byte scalar and requires it in [1, q). */
  public static BigInteger decodeNonZeroScalar(byte[] encoded) throws DecodingException {
    BigInteger k = decodeScalar(encoded);
    if (k.signum() == 0) {
      throw new DecodingException("scalar is zero");
    }
    return k;
  }

  /** Decodes a 32-byte scalar and requires it in [0, q). */
  public static BigInteger decodeScalar(byte[] encoded) throws DecodingException {
    if (encoded.length != SCALAR_BYTES) {
      throw new DecodingException("scalar must be 32 bytes");
    }
    BigInteger k = new BigInteger(1, encoded);
    if (k.compareTo(Q) >= 0) {
      throw new DecodingException("scalar not below the group order");
    }
    return k;
  }
}
