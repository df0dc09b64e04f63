package io.tbridge.tss.presign;

import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.SessionId;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One party's output of presigning: the nonce point R = k⁻¹·G shared by the signing subset, this
 * party's secret shares k_i and χ_i (Σ k_i = k, Σ χ_i = k·x), and for every signer j the public
 * points k_j·R and χ_j·R that make each partial signature checkable on its own.
 *
 * <p>Single use. {@link #partialSign} returns σ_i = k_i·m + r·χ_i for one digest and marks the
 * presignature used; a second call throws. Two signatures from one presignature would reveal the
 * key share, so this object never hands out k_i or χ_i and there is no way to reset the mark. The
 * mark lives in memory only: a node that keeps presignatures across restarts must record their
 * consumption durably before signing (docs/tss.md).
 */
public final class Presignature {
  private final SessionId sessionId;
  private final int self;
  private final List<Integer> signers;
  private final ECPoint publicKey;
  private final ECPoint bigR;
  private final BigInteger r;

  /** {k_i, χ_i} until the single partial signature, then null (BigInteger cannot be wiped). */
  private final AtomicReference<BigInteger[]> shares;

  private final SortedMap<Integer, ECPoint> kTimesR;
  private final SortedMap<Integer, ECPoint> chiTimesR;
  private final AtomicBoolean used = new AtomicBoolean();

  Presignature(
      SessionId sessionId,
      int self,
      List<Integer> signers,
      ECPoint publicKey,
      ECPoint bigR,
      BigInteger k,
      BigInteger chi,
      Map<Integer, ECPoint> kTimesR,
      Map<Integer, ECPoint> chiTimesR) {
    this.sessionId = sessionId;
    this.self = self;
    this.signers = List.copyOf(signers);
    this.publicKey = publicKey.normalize();
    this.bigR = bigR.normalize();
    this.r = this.bigR.getAffineXCoord().toBigInteger().mod(Secp256k1.Q);
    this.shares = new AtomicReference<>(new BigInteger[] {k, chi});
    this.kTimesR = Collections.unmodifiableSortedMap(new TreeMap<>(kTimesR));
    this.chiTimesR = Collections.unmodifiableSortedMap(new TreeMap<>(chiTimesR));
    if (r.signum() == 0) {
      throw new IllegalArgumentException("nonce point has x ≡ 0 mod q");
    }
  }

  /** The presigning session this came from (identifies the presignature among the signers). */
  public SessionId sessionId() {
    return sessionId;
  }

  /** This party's index. */
  public int self() {
    return self;
  }

  /** The signing subset, sorted; exactly these parties must sign with it. */
  public List<Integer> signers() {
    return signers;
  }

  /** The group public key the signature will verify under. */
  public ECPoint publicKey() {
    return publicKey;
  }

  /** The nonce point R. */
  public ECPoint nonce() {
    return bigR;
  }

  /** r = x(R) mod q, the first half of the signature. */
  public BigInteger r() {
    return r;
  }

  /** Whether {@link #partialSign} has been called. */
  public boolean isUsed() {
    return used.get();
  }

  /**
   * This party's partial signature σ_i = k_i·m + r·χ_i mod q for the digest value m, exactly once.
   *
   * @param m the digest as an integer mod q
   * @throws IllegalStateException if this presignature was already used
   */
  public BigInteger partialSign(BigInteger m) {
    if (!used.compareAndSet(false, true)) {
      throw new IllegalStateException("presignature already used: a nonce is never reused");
    }
    BigInteger[] kChi = shares.getAndSet(null);
    BigInteger q = Secp256k1.Q;
    BigInteger sigma = kChi[0].multiply(m.mod(q)).add(r.multiply(kChi[1])).mod(q);
    // Single use: the shares are never needed again, so the references go.
    Arrays.fill(kChi, null);
    return sigma;
  }

  /** Whether the secret shares are still held (tests: false once used). */
  boolean holdsShares() {
    return shares.get() != null;
  }

  /**
   * Whether σ_j is the correct partial signature of signer {@code party} for m: σ_j·R = m·(k_j·R) +
   * r·(χ_j·R). Used to name the culprit when the combined signature does not verify.
   */
  public boolean isValidPartial(int party, BigInteger m, BigInteger sigma) {
    ECPoint kr = kTimesR.get(party);
    ECPoint cr = chiTimesR.get(party);
    if (kr == null || cr == null) {
      throw new IllegalArgumentException("party " + party + " is not a signer");
    }
    BigInteger q = Secp256k1.Q;
    ECPoint lhs = Secp256k1.mulPublic(bigR, sigma);
    ECPoint rhs = kr.multiply(m.mod(q)).add(cr.multiply(r)).normalize();
    return lhs.equals(rhs);
  }

  @Override
  public String toString() {
    return "Presignature[session="
        + sessionId.hex()
        + ", self="
        + self
        + ", signers="
        + signers
        + ", used="
        + used.get()
        + ", shares=<redacted>]";
  }
}
