package io.tbridge.tss.channel;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Raw 32-byte encodings (RFC 8032 for Ed25519, RFC 7748 for X25519) of the JDK's Ed25519 and X25519
 * keys, and the few operations the channel needs. The JDK exposes these keys only as points and
 * scalars, so the conversions live here, in one place.
 */
final class Curve25519Keys {
  /** Length of every raw key and of an X25519 shared secret. */
  static final int KEY_BYTES = 32;

  /** Length of an Ed25519 signature. */
  static final int SIGNATURE_BYTES = 64;

  /** The field prime 2^255 − 19 of both curves. */
  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** The X25519 base point u = 9; X25519(k, 9) is the public key of k. */
  private static final BigInteger BASE_U = BigInteger.valueOf(9);

  /** A fixed clamped scalar for the small-order test: any multiple of 8 maps small-order to 0. */
  private static final byte[] PROBE_SCALAR = probeScalar();

  private Curve25519Keys() {}

  // ---- Ed25519 ----

  static KeyPair generateEd25519(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /** The 32-byte private seed of a JDK Ed25519 key. */
  static byte[] ed25519Seed(PrivateKey key) {
    return ((EdECPrivateKey) key)
        .getBytes()
        .orElseThrow(() -> new IllegalStateException("Ed25519 key without exportable seed"));
  }

  static PrivateKey ed25519PrivateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 private key");
    }
  }

  /** The RFC 8032 public key of a seed (the JDK has no API for this, Bouncy Castle does). */
  static byte[] ed25519PublicOfSeed(byte[] seed) {
    byte[] pk = new byte[KEY_BYTES];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  /** RFC 8032 encoding: y little-endian, top bit = parity of x. */
  static byte[] ed25519Raw(PublicKey key) {
    EdECPoint point = ((EdECPublicKey) key).getPoint();
    byte[] raw = littleEndian(point.getY());
    if (point.isXOdd()) {
      raw[KEY_BYTES - 1] |= (byte) 0x80;
    }
    return raw;
  }

  /**
   * Whether {@code raw} is a canonical encoding of a point of prime order L: on the curve, not the
   * identity, not of small order. A small-order key would let anyone forge "its" signatures, so the
   * owner could later deny what it signed.
   */
  static boolean isValidEd25519(byte[] raw) {
    return raw.length == KEY_BYTES && Ed25519.validatePublicKeyFull(raw, 0);
  }

  static PublicKey ed25519PublicKey(byte[] raw) {
    byte[] y = raw.clone();
    boolean xOdd = (y[KEY_BYTES - 1] & 0x80) != 0;
    y[KEY_BYTES - 1] &= 0x7f;
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(
              new EdECPublicKeySpec(
                  NamedParameterSpec.ED25519, new EdECPoint(xOdd, fromLittleEndian(y))));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 public key");
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Verifies; any malformed signature is simply invalid. */
  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    } catch (RuntimeException e) {
      // Fail closed: whatever odd input makes the provider throw is not a valid signature, and a
      // consumer of a shared topic must not crash on it.
      return false;
    }
  }

  // ---- X25519 ----

  static KeyPair generateX25519(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
      g.initialize(NamedParameterSpec.X25519, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /** The 32-byte private scalar of a JDK X25519 key. */
  static byte[] x25519Scalar(PrivateKey key) {
    return ((XECPrivateKey) key)
        .getScalar()
        .orElseThrow(() -> new IllegalStateException("X25519 key without exportable scalar"));
  }

  static PrivateKey x25519PrivateKey(byte[] scalar) {
    try {
      return KeyFactory.getInstance("X25519")
          .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid X25519 private key");
    }
  }

  /** The public key of a private key: X25519(k, 9). */
  static byte[] x25519PublicOf(PrivateKey key) {
    try {
      return agree(key, x25519PublicKeyUnchecked(BASE_U));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("X25519 base point rejected", e);
    }
  }

  /** RFC 7748 encoding: u little-endian. */
  static byte[] x25519Raw(PublicKey key) {
    return littleEndian(((XECPublicKey) key).getU());
  }

  /**
   * Whether {@code raw} is a canonical u-coordinate (u &lt; p, top bit clear) that is not of small
   * order: agreement with a small-order point yields the all-zero secret, known to everybody.
   */
  static boolean isValidX25519(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      return false;
    }
    BigInteger u = fromLittleEndian(raw);
    if (u.compareTo(P) >= 0) {
      return false;
    }
    try {
      agree(x25519PrivateKey(PROBE_SCALAR), x25519PublicKeyUnchecked(u));
      return true;
    } catch (InvalidKeyException e) {
      return false;
    }
  }

  /** A JDK key for a canonical u-coordinate; callers validate with {@link #isValidX25519}. */
  static PublicKey x25519PublicKey(byte[] raw) {
    return x25519PublicKeyUnchecked(fromLittleEndian(raw));
  }

  /**
   * X25519 agreement. Throws {@link InvalidKeyException} when the result is all zero (a small-order
   * peer key, which the JDK refuses), so no caller ever derives keys from a public value.
   */
  static byte[] agree(PrivateKey own, PublicKey peer) throws InvalidKeyException {
    try {
      KeyAgreement ka = KeyAgreement.getInstance("X25519");
      ka.init(own);
      ka.doPhase(peer, true);
      byte[] secret = ka.generateSecret();
      if (isAllZero(secret)) {
        // The JDK already refuses this; checked again so the property does not rest on it.
        throw new InvalidKeyException("small-order public key");
      }
      return secret;
    } catch (InvalidKeyException e) {
      throw e;
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new InvalidKeyException("X25519 agreement failed");
    }
  }

  private static PublicKey x25519PublicKeyUnchecked(BigInteger u) {
    try {
      return KeyFactory.getInstance("X25519")
          .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid X25519 public key");
    }
  }

  // ---- helpers ----

  private static boolean isAllZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  private static byte[] probeScalar() {
    byte[] k = new byte[KEY_BYTES];
    Arrays.fill(k, (byte) 0x5a);
    return k;
  }

  /** 32-byte little-endian encoding of a value in [0, 2^256). */
  static byte[] littleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  static BigInteger fromLittleEndian(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }
}
