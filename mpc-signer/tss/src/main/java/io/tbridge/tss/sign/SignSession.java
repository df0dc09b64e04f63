package io.tbridge.tss.sign;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.keygen.EthereumAddress;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.RoundBasedSession;
import io.tbridge.tss.protocol.RoundMessages;
import io.tbridge.tss.protocol.RoundSpec;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Online signing (CGGMP21 Fig. 8), one round: every signer of the presignature broadcasts σ_i =
 * k_i·m + r·χ_i for the 32-byte digest m; each sums σ = Σσ_j, checks (r, σ) with Bouncy Castle's
 * {@link ECDSASigner} under the group key, normalises to low-s, derives v from R and confirms that
 * ecrecover gives the group's Ethereum address. If the sum does not verify, every σ_j is checked on
 * its own (σ_j·R = m·k_jR + r·χ_jR) and the first bad signer is named.
 *
 * <p>The presignature is consumed when this session is created: even if the session never starts or
 * later aborts, the presignature cannot be used again (a second signature with the same nonce would
 * reveal the key).
 *
 * <p>Payload (version {@value #VERSION}): u8 version, u8 type 1, bytes presigning session id, 32
 * raw bytes digest, 32 raw bytes σ_i.
 */
public final class SignSession extends RoundBasedSession<EcdsaSignature> {
  /** Encoding version of the partial-signature payload. */
  public static final int VERSION = 1;

  /** The single round. */
  public static final int ROUND_PARTIAL = 1;

  private static final int TYPE_PARTIAL = 1;
  private static final BigInteger HALF_Q = Secp256k1.Q.shiftRight(1);
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(Secp256k1.CURVE, Secp256k1.G, Secp256k1.Q);

  private final Presignature presignature;
  private final byte[] digest;
  private final BigInteger m;
  private final BigInteger sigma;

  /**
   * Sets up signing and consumes the presignature.
   *
   * @param sessionId a fresh id all signers agreed on for this signature
   * @param presignature this party's presignature, unused; its signers are this session's parties
   * @param digest the 32-byte message digest to sign (never all zero)
   * @param registry where the session id is claimed
   * @throws IllegalStateException if the presignature was already used
   * @throws IllegalArgumentException if the digest is not 32 bytes or is all zero
   * @throws ProtocolAbort if the session id was already used by this party
   */
  public SignSession(
      SessionId sessionId, Presignature presignature, byte[] digest, SessionRegistry registry)
      throws ProtocolAbort {
    // The digest is checked before the base class claims the session id: a refused digest must
    // leave the id free for a correct retry.
    super(
        sessionId,
        presignature.self(),
        signersIfValid(presignature, digest),
        List.of(RoundSpec.broadcast(ROUND_PARTIAL)),
        registry);
    this.presignature = presignature;
    this.digest = digest.clone();
    this.m = new BigInteger(1, digest).mod(Secp256k1.Q);
    this.sigma = presignature.partialSign(m);
  }

  /**
   * The presignature's signers, once {@code digest} is known to be signable and the presignature
   * unused (the atomic consumption is still {@link Presignature#partialSign}).
   */
  private static List<Integer> signersIfValid(Presignature presignature, byte[] digest) {
    if (presignature.isUsed()) {
      throw new IllegalStateException("presignature already used: a nonce is never reused");
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException("digest must be 32 bytes, got " + digest.length);
    }
    if (new BigInteger(1, digest).signum() == 0) {
      throw new IllegalArgumentException("refusing to sign the all-zero digest");
    }
    return presignature.signers();
  }

  /** The round-1 payload: which presignature, which digest, and σ_i. */
  record Partial(byte[] presignId, byte[] digest, BigInteger sigma) {
    byte[] encode() {
      return new ByteWriter()
          .u8(VERSION)
          .u8(TYPE_PARTIAL)
          .bytes(presignId)
          .raw(digest)
          .raw(Secp256k1.encodeScalar(sigma))
          .toByteArray();
    }

    static Partial decode(byte[] payload) throws DecodingException {
      ByteReader r = new ByteReader(payload);
      int version = r.u8();
      int type = r.u8();
      if (version != VERSION || type != TYPE_PARTIAL) {
        throw new DecodingException("unknown partial signature version/type");
      }
      byte[] presignId = r.bytes(64);
      byte[] digest = r.raw(32);
      BigInteger sigma = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
      r.end();
      return new Partial(presignId, digest, sigma);
    }
  }

  @Override
  protected List<ProtocolMessage> firstRound() {
    byte[] payload = new Partial(presignature.sessionId().bytes(), digest, sigma).encode();
    return List.of(broadcast(ROUND_PARTIAL, payload));
  }

  @Override
  protected List<ProtocolMessage> onRound(RoundMessages messages) throws ProtocolAbort {
    Map<Integer, BigInteger> partials = new TreeMap<>();
    partials.put(self(), sigma);
    for (int j : messages.senders()) {
      try {
        ByteReader r = new ByteReader(messages.broadcast(j));
        int version = r.u8();
        int type = r.u8();
        if (version != VERSION || type != TYPE_PARTIAL) {
          throw new DecodingException("unknown partial signature version/type");
        }
        byte[] presignId = r.bytes(64);
        byte[] theirDigest = r.raw(32);
        BigInteger theirSigma = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
        r.end();
        if (!Arrays.equals(presignId, presignature.sessionId().bytes())) {
          throw abort(
              j, "presignature-mismatch", "party " + j + " signs with another presignature");
        }
        if (!Arrays.equals(theirDigest, digest)) {
          throw abort(j, "digest-mismatch", "party " + j + " signs a different digest");
        }
        partials.put(j, theirSigma);
      } catch (DecodingException e) {
        throw malformed(j, "partial signature", e);
      }
    }
    BigInteger q = Secp256k1.Q;
    BigInteger s = BigInteger.ZERO;
    for (BigInteger part : partials.values()) {
      s = s.add(part);
    }
    s = s.mod(q);
    BigInteger r = presignature.r();
    if (s.signum() == 0 || !verifies(r, s)) {
      for (Map.Entry<Integer, BigInteger> e : partials.entrySet()) {
        if (e.getKey() != self() && !presignature.isValidPartial(e.getKey(), m, e.getValue())) {
          throw abort(e.getKey(), "partial-signature", "σ_" + e.getKey() + "·R ≠ m·k_jR + r·χ_jR");
        }
      }
      throw abort(0, "signature-invalid", "every partial signature checks but the sum does not");
    }
    ECPoint bigR = presignature.nonce();
    if (bigR.getAffineXCoord().toBigInteger().compareTo(q) >= 0) {
      // x(R) ≥ q: recovery id 2 or 3, which v ∈ {27, 28} cannot express (probability ~2^-128).
      throw abort(0, "unrecoverable-signature", "x(R) ≥ q");
    }
    int recoveryId = bigR.getAffineYCoord().testBitZero() ? 1 : 0;
    if (s.compareTo(HALF_Q) > 0) {
      // (r, −s) is the same signature for −R, whose y has the other parity.
      s = q.subtract(s);
      recoveryId ^= 1;
    }
    EcdsaSignature signature = new EcdsaSignature(r, s, 27 + recoveryId);
    ECPoint recovered = recover(signature, m);
    if (!EthereumAddress.of(recovered).equals(EthereumAddress.of(presignature.publicKey()))) {
      throw abort(0, "recovery-id", "ecrecover does not give the group address");
    }
    finish(signature);
    return List.of();
  }

  private boolean verifies(BigInteger r, BigInteger s) {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(presignature.publicKey(), DOMAIN));
    return verifier.verifySignature(digest, r, s);
  }

  /** ecrecover: Q = r⁻¹·(s·R − m·G) with R the point of x = r and the parity of v. */
  private static ECPoint recover(EcdsaSignature sig, BigInteger m) {
    BigInteger q = Secp256k1.Q;
    byte[] compressed = new byte[33];
    compressed[0] = (byte) (sig.recoveryId() == 1 ? 0x03 : 0x02);
    System.arraycopy(Secp256k1.encodeScalar(sig.r()), 0, compressed, 1, 32);
    ECPoint bigR = Secp256k1.CURVE.decodePoint(compressed);
    BigInteger rInv = sig.r().modInverse(q);
    return ECAlgorithms.sumOfTwoMultiplies(
            bigR, sig.s().multiply(rInv).mod(q), Secp256k1.G, m.negate().multiply(rInv).mod(q))
        .normalize();
  }

  @Override
  public String toString() {
    return "SignSession[session="
        + sessionId().hex()
        + ", self="
        + self()
        + ", signers="
        + parties()
        + "]";
  }
}
