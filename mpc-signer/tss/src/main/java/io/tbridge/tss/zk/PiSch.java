package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Π-sch: Schnorr proof of knowledge of x with X = x·G (CGGMP21 Fig. 22), made non-interactive with
 * a {@link Transcript} bound to the session id, the prover's index, optional context (keygen binds
 * the joint randomness rid) and the statement.
 *
 * <p>Two ways to use it. {@link #prove}/{@link #verify} produce and check a self-contained proof
 * (A, z). The commitment-first variant used in key generation splits it: the prover draws {@link
 * #commit} before anything else, hides A inside its round-1 hash commitment, and only answers with
 * {@link #respond} once the challenge ({@link #challenge}) depends on everyone's randomness; the
 * verifier checks the answer against the revealed A with {@link #verifyResponse}.
 *
 * <p>Relation: z·G = A + e·X with A = α·G, e = challenge, z = α + e·x mod q.
 */
public final class PiSch {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-sch/v1";

  /** Encoding version of a {@link Proof}. */
  public static final int VERSION = 1;

  private PiSch() {}

  /** The prover's first message A = α·G together with the secret nonce α. */
  public static final class Commitment {
    private final ECPoint a;
    private final BigInteger alpha;

    private Commitment(ECPoint a, BigInteger alpha) {
      this.a = a;
      this.alpha = alpha;
    }

    /** The public commitment A. */
    public ECPoint a() {
      return a;
    }

    @Override
    public String toString() {
      return "PiSch.Commitment[A=" + PointText.of(a) + ", alpha=<redacted>]";
    }
  }

  /**
   * A complete non-interactive proof.
   *
   * @param a the commitment A (on the curve, not the identity)
   * @param z the response in [0, q)
   */
  public record Proof(ECPoint a, BigInteger z) {
    /** Validating constructor. */
    public Proof {
      if (a.isInfinity() || !a.isValid()) {
        throw new IllegalArgumentException("commitment must be a non-identity curve point");
      }
      if (z.signum() < 0 || z.compareTo(Secp256k1.Q) >= 0) {
        throw new IllegalArgumentException("response out of range");
      }
      a = a.normalize();
    }

    /** Versioned encoding: u8 version, 33-byte A, 32-byte z. */
    public byte[] encode() {
      return new ByteWriter()
          .u8(VERSION)
          .raw(Secp256k1.encode(a))
          .raw(Secp256k1.encodeScalar(z))
          .toByteArray();
    }

    /** Decodes and validates an encoded proof. */
    public static Proof decode(byte[] encoded) throws DecodingException {
      ByteReader r = new ByteReader(encoded);
      Proof p = decodeFrom(r);
      r.end();
      return p;
    }

    /** Reads a proof from a larger message. */
    public static Proof decodeFrom(ByteReader r) throws DecodingException {
      int version = r.u8();
      if (version != VERSION) {
        throw new DecodingException("unknown pi-sch version " + version);
      }
      ECPoint a = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      BigInteger z = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
      return new Proof(a, z);
    }
  }

  /** Draws a fresh nonce α ∈ [1, q) and A = α·G. */
  public static Commitment commit(SecureRandom random) {
    BigInteger alpha = Secp256k1.randomScalar(random);
    return new Commitment(Secp256k1.mulG(alpha), alpha);
  }

  /**
   * The challenge e ∈ [0, q) for prover {@code prover} claiming knowledge of log X with commitment
   * A, bound to the session and {@code context} (e.g. keygen's rid; empty if none).
   */
  public static BigInteger challenge(
      SessionId sessionId, int prover, byte[] context, ECPoint x, ECPoint a) {
    return Transcript.start(DOMAIN, sessionId.bytes(), prover)
        .append("context", context)
        .append("X", Secp256k1.encode(x))
        .append("A", Secp256k1.encode(a))
        .challengeBelow(Secp256k1.Q);
  }

  /** The response z = α + e·x mod q. */
  public static BigInteger respond(Commitment commitment, BigInteger secret, BigInteger e) {
    return commitment.alpha.add(e.multiply(secret)).mod(Secp256k1.Q);
  }

  /** Whether z·G = A + e·X, for z in [0, q) and A, X valid non-identity points. */
  public static boolean verifyResponse(ECPoint x, ECPoint a, BigInteger e, BigInteger z) {
    if (!validPoint(x) || !validPoint(a)) {
      return false;
    }
    if (z.signum() < 0 || z.compareTo(Secp256k1.Q) >= 0) {
      return false;
    }
    ECPoint lhs = Secp256k1.mulG(z);
    // e and X are public: the fast variable-time multiplier is fine here.
    ECPoint rhs = a.add(Secp256k1.mulPublic(x, e)).normalize();
    return lhs.equals(rhs);
  }

  /** Proves knowledge of {@code secret} = log X in one go. */
  public static Proof prove(
      SessionId sessionId,
      int prover,
      byte[] context,
      ECPoint x,
      BigInteger secret,
      SecureRandom random) {
    if (!Secp256k1.mulG(secret).equals(x.normalize())) {
      throw new IllegalArgumentException("secret does not match the public point");
    }
    Commitment c = commit(random);
    BigInteger e = challenge(sessionId, prover, context, x, c.a);
    return new Proof(c.a, respond(c, secret, e));
  }

  /** Verifies a proof by {@code prover} for X in this session and context. */
  public static boolean verify(
      SessionId sessionId, int prover, byte[] context, ECPoint x, Proof proof) {
    if (!validPoint(x)) {
      return false;
    }
    BigInteger e = challenge(sessionId, prover, context, x, proof.a());
    return verifyResponse(x, proof.a(), e, proof.z());
  }

  private static boolean validPoint(ECPoint p) {
    return !p.isInfinity() && p.isValid();
  }

  /** Short public rendering of a point for toString (the point is public). */
  static final class PointText {
    private PointText() {}

    static String of(ECPoint p) {
      byte[] enc = p.getEncoded(true);
      return java.util.HexFormat.of().formatHex(enc, 0, Math.min(enc.length, 5)) + "…";
    }
  }
}
