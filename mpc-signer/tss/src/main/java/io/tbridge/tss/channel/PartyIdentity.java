package io.tbridge.tss.channel;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A committee member's long-term transport identity: an Ed25519 key pair that signs every message
 * it publishes and an X25519 key pair to which direct messages are encrypted. Generated once per
 * node, before the first ceremony; the public half ({@link PublicIdentity}) is exchanged out of
 * band and its fingerprint confirmed by every operator.
 *
 * <p>The private keys stay inside this object: the channel signs and agrees through package-private
 * methods. The one way out is {@link #exportSecret()}, because a node must come back after a
 * restart with the identity its peers pinned; the export is meant only for encrypted storage (the
 * same store and AEAD as the key share). Exporting nothing would force a new ceremony on every
 * restart, and deriving the keys from the key share is impossible: keygen itself needs them.
 *
 * <p>{@link #toString()} shows only the public fingerprint.
 */
public final class PartyIdentity {
  /** Version of the secret export encoding. */
  public static final int SECRET_VERSION = 1;

  /** Type tag inside the secret export, so no other structure decodes as one. */
  public static final String SECRET_TAG = "tbridge/tss/party-identity-secret";

  private final PrivateKey signingKey;
  private final PrivateKey agreementKey;
  private final PublicIdentity publicIdentity;

  private PartyIdentity(
      PrivateKey signingKey, PrivateKey agreementKey, PublicIdentity publicIdentity) {
    this.signingKey = signingKey;
    this.agreementKey = agreementKey;
    this.publicIdentity = publicIdentity;
  }

  /** A fresh identity; all key material is drawn from {@code random}. */
  public static PartyIdentity generate(SecureRandom random) {
    KeyPair ed = Curve25519Keys.generateEd25519(random);
    KeyPair x = Curve25519Keys.generateX25519(random);
    return new PartyIdentity(
        ed.getPrivate(),
        x.getPrivate(),
        new PublicIdentity(
            Curve25519Keys.ed25519Raw(ed.getPublic()), Curve25519Keys.x25519Raw(x.getPublic())));
  }

  /** The public half, to publish to the committee. */
  public PublicIdentity publicIdentity() {
    return publicIdentity;
  }

  /**
   * The private keys, for encrypted storage only: u8 version, string tag {@value #SECRET_TAG}, the
   * 32-byte Ed25519 seed, the 32-byte X25519 scalar. Whoever holds these bytes can impersonate this
   * party and read its direct messages: encrypt them at once (AEAD bound to the node and purpose)
   * and overwrite the returned array.
   */
  public byte[] exportSecret() {
    byte[] seed = Curve25519Keys.ed25519Seed(signingKey);
    byte[] scalar = Curve25519Keys.x25519Scalar(agreementKey);
    try {
      return new ByteWriter()
          .u8(SECRET_VERSION)
          .string(SECRET_TAG)
          .raw(seed)
          .raw(scalar)
          .toByteArray();
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /** Rebuilds an identity from {@link #exportSecret()}; the public keys are derived again. */
  public static PartyIdentity importSecret(byte[] exported) throws DecodingException {
    ByteReader r = new ByteReader(exported);
    int version = r.u8();
    if (version != SECRET_VERSION) {
      throw new DecodingException("unknown party identity secret version " + version);
    }
    if (!SECRET_TAG.equals(r.string(64))) {
      throw new DecodingException("not a party identity secret");
    }
    byte[] seed = r.raw(Curve25519Keys.KEY_BYTES);
    byte[] scalar = r.raw(Curve25519Keys.KEY_BYTES);
    r.end();
    try {
      PrivateKey agreement = Curve25519Keys.x25519PrivateKey(scalar);
      return new PartyIdentity(
          Curve25519Keys.ed25519PrivateKey(seed),
          agreement,
          new PublicIdentity(
              Curve25519Keys.ed25519PublicOfSeed(seed), Curve25519Keys.x25519PublicOf(agreement)));
    } catch (IllegalArgumentException e) {
      throw new DecodingException("invalid party identity secret");
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /** Ed25519 signature of {@code message} (callers prepend their own domain tag). */
  byte[] sign(byte[] message) {
    return Curve25519Keys.sign(signingKey, message);
  }

  /** X25519 shared secret with {@code peer}; refuses small-order peers. */
  byte[] agree(PublicKey peer) throws InvalidKeyException {
    return Curve25519Keys.agree(agreementKey, peer);
  }

  @Override
  public String toString() {
    return "PartyIdentity[fingerprint="
        + publicIdentity.fingerprintHex()
        + ", private keys hidden]";
  }

  /**
   * The public half of a {@link PartyIdentity}: the Ed25519 verification key and the X25519
   * agreement key, both as 32-byte RFC 8032 / RFC 7748 encodings. Both are validated: canonical, on
   * the curve, not of small order.
   *
   * <p>Encoding (version 1): u8 version, string tag {@value #TAG}, 32-byte Ed25519 key, 32-byte
   * X25519 key. The fingerprint is SHA-256 of that encoding; operators compare it out of band.
   *
   * @param signingKey the Ed25519 public key
   * @param agreementKey the X25519 public key
   */
  public record PublicIdentity(byte[] signingKey, byte[] agreementKey) {
    /** Encoding version. */
    public static final int VERSION = 1;

    /** Type tag inside the encoding. */
    public static final String TAG = "tbridge/tss/party-identity";

    /** Validating constructor; copies both keys. */
    public PublicIdentity {
      if (!Curve25519Keys.isValidEd25519(signingKey)) {
        throw new IllegalArgumentException(
            "signing key is not a valid Ed25519 public key of prime order");
      }
      if (!Curve25519Keys.isValidX25519(agreementKey)) {
        throw new IllegalArgumentException(
            "agreement key is not a canonical X25519 public key of large order");
      }
      signingKey = signingKey.clone();
      agreementKey = agreementKey.clone();
    }

    /** A copy of the Ed25519 public key. */
    @Override
    public byte[] signingKey() {
      return signingKey.clone();
    }

    /** A copy of the X25519 public key. */
    @Override
    public byte[] agreementKey() {
      return agreementKey.clone();
    }

    /** Versioned encoding, for the ceremony's exchange of identities. */
    public byte[] encode() {
      return new ByteWriter()
          .u8(VERSION)
          .string(TAG)
          .raw(signingKey)
          .raw(agreementKey)
          .toByteArray();
    }

    /** Decodes and validates; any malformed or invalid input gives a {@link DecodingException}. */
    public static PublicIdentity decode(byte[] encoded) throws DecodingException {
      ByteReader r = new ByteReader(encoded);
      int version = r.u8();
      if (version != VERSION) {
        throw new DecodingException("unknown party identity version " + version);
      }
      if (!TAG.equals(r.string(64))) {
        throw new DecodingException("not a party identity");
      }
      byte[] ed = r.raw(Curve25519Keys.KEY_BYTES);
      byte[] x = r.raw(Curve25519Keys.KEY_BYTES);
      r.end();
      try {
        return new PublicIdentity(ed, x);
      } catch (IllegalArgumentException e) {
        throw new DecodingException(e.getMessage());
      }
    }

    /** SHA-256 of {@link #encode()}: what operators compare to pin a party's identity. */
    public byte[] fingerprint() {
      try {
        return MessageDigest.getInstance("SHA-256").digest(encode());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by the JDK", e);
      }
    }

    /** The fingerprint in lower-case hex. */
    public String fingerprintHex() {
      return HexFormat.of().formatHex(fingerprint());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PublicIdentity other
          && Arrays.equals(signingKey, other.signingKey)
          && Arrays.equals(agreementKey, other.agreementKey);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(signingKey) + Arrays.hashCode(agreementKey);
    }

    @Override
    public String toString() {
      return "PublicIdentity[fingerprint=" + fingerprintHex() + "]";
    }
  }
}
