package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Π-mul (CGGMP21 Fig. 29, Paillier multiplication): under the prover's own Paillier key N, the
 * ciphertext C encrypts the product of the plaintexts of X and Y. The prover knows x, ρ_x with X =
 * (1+N)^x·ρ_x^N and ρ with C = Y^x·ρ^N mod N², so dec(C) = x·dec(Y) mod N. In presigning's
 * identification step X = K_i, Y = G_i and C = H_i, which then encrypts k_i·γ_i.
 *
 * <p>No ring-Pedersen parameters are involved, so one proof serves every verifier (it is broadcast
 * and its transcript carries no verifier index).
 *
 * <p>Prover: α ← [0, N), r, s ← Z*_N; A = Y^α·r^N, B = (1+N)^α·s^N mod N²; challenge e ∈ [−q, q]; z
 * = α + e·x (over the integers; x ∈ ±2^ℓ is tiny against N, so z statistically hides x), u = r·ρ^e,
 * v = s·ρ_x^e mod N.
 *
 * <p>Verifier: X, Y, C, A, B ∈ Z*_N²; u, v ∈ Z*_N; |z| < 2N (honest: −N &lt; z &lt; 2N); Y^z·u^N =
 * A·C^e and (1+N)^z·v^N = B·X^e mod N².
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover, N, X, Y, C, A, B; then the challenge.
 *
 * <p>Encoding: bigInt A, B, z, u, v.
 *
 * @param a Y^α·r^N mod N²
 * @param b (1+N)^α·s^N mod N²
 * @param z α + e·x
 * @param u r·ρ^e mod N
 * @param v s·ρ_x^e mod N
 */
public record PiMul(BigInteger a, BigInteger b, BigInteger z, BigInteger u, BigInteger v) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-mul/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-mul";

  /**
   * Proves that C = Y^x·ρ^N and X = Enc_N(x; ρ_x) under the prover's own key.
   *
   * @param key the prover's Paillier modulus N (with factors: CRT)
   * @param x the witness, |x| ≤ 2^ℓ
   * @param rhoX the encryption randomness of X
   * @param rho the randomness of C = Y^x·ρ^N
   */
  public static PiMul prove(
      SessionId sessionId,
      int prover,
      PaillierMath key,
      BigInteger bigX,
      BigInteger bigY,
      BigInteger bigC,
      BigInteger x,
      BigInteger rhoX,
      BigInteger rho,
      SecurityLevel level,
      SecureRandom random) {
    if (!BigInts.inSignedRange(x, level.ell())) {
      throw new IllegalArgumentException("witness outside ±2^ℓ");
    }
    BigInteger n = key.n();
    BigInteger n2 = key.nSquared();
    BigInteger alpha = BigInts.randomBelow(n, random);
    BigInteger r = BigInts.randomUnit(n, random);
    BigInteger s = BigInts.randomUnit(n, random);
    BigInteger aEnc = key.powModNSquared(bigY, alpha).multiply(key.nthPower(r)).mod(n2);
    BigInteger bEnc = key.encrypt(alpha, s);
    BigInteger e = challenge(sessionId, prover, n, bigX, bigY, bigC, aEnc, bEnc);
    BigInteger z = alpha.add(e.multiply(x));
    BigInteger u = r.multiply(key.powModN(rho, e)).mod(n);
    BigInteger v = s.multiply(key.powModN(rhoX, e)).mod(n);
    return new PiMul(aEnc, bEnc, z, u, v);
  }

  /**
   * Verifies the proof; any failure aborts naming {@code prover}.
   *
   * @param key the prover's Paillier modulus N
   */
  public void verify(
      SessionId sessionId,
      int prover,
      PaillierMath key,
      BigInteger bigX,
      BigInteger bigY,
      BigInteger bigC)
      throws ProtocolAbort {
    BigInteger n = key.n();
    BigInteger n2 = key.nSquared();
    if (!key.isCiphertext(bigX) || !key.isCiphertext(bigY) || !key.isCiphertext(bigC)) {
      throw fail(sessionId, prover, "X, Y or C is not in Z*_{N²}");
    }
    if (!key.isCiphertext(a) || !key.isCiphertext(b)) {
      throw fail(sessionId, prover, "A or B is not in Z*_{N²}");
    }
    if (!key.isUnit(u) || !key.isUnit(v)) {
      throw fail(sessionId, prover, "u or v is not in Z*_N");
    }
    if (z.abs().compareTo(n.shiftLeft(1)) >= 0) {
      throw fail(sessionId, prover, "z outside ±2N");
    }
    BigInteger e = challenge(sessionId, prover, n, bigX, bigY, bigC, a, b);
    BigInteger lhs1 = key.powModNSquared(bigY, z).multiply(key.nthPower(u)).mod(n2);
    if (!ZkRanges.equalsTimesPower(lhs1, a, bigC, e, n2)) {
      throw fail(sessionId, prover, "Y^z·u^N ≠ A·C^e");
    }
    BigInteger lhs2 = key.onePlusN(z).multiply(key.nthPower(v)).mod(n2);
    if (!ZkRanges.equalsTimesPower(lhs2, b, bigX, e, n2)) {
      throw fail(sessionId, prover, "(1+N)^z·v^N ≠ B·X^e");
    }
  }

  /** Appends A, B, z, u, v. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(a).bigInt(b).bigInt(z).bigInt(u).bigInt(v);
  }

  /** Reads a proof, bounding every integer by the sizes {@code level} allows. */
  public static PiMul decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int nBits = level.paillierBits();
    BigInteger a = in.bigInt(2 * nBits);
    BigInteger b = in.bigInt(2 * nBits);
    BigInteger z = in.bigInt(nBits + 1);
    BigInteger u = in.bigInt(nBits);
    BigInteger v = in.bigInt(nBits);
    return new PiMul(a, b, z, u, v);
  }

  /** The longest encoding {@link #decodeFrom} accepts at {@code level}, in bytes. */
  public static int maxEncodedBytes(SecurityLevel level) {
    int nBits = level.paillierBits();
    return 2 * ByteReader.maxBigIntBytes(2 * nBits)
        + ByteReader.maxBigIntBytes(nBits + 1)
        + 2 * ByteReader.maxBigIntBytes(nBits);
  }

  private static BigInteger challenge(
      SessionId sessionId,
      int prover,
      BigInteger n,
      BigInteger bigX,
      BigInteger bigY,
      BigInteger bigC,
      BigInteger a,
      BigInteger b) {
    Transcript t =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("N", n)
            .append("X", bigX)
            .append("Y", bigY)
            .append("C", bigC)
            .append("A", a)
            .append("B", b);
    return ZkRanges.challengePlusMinusQ(t);
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiMul[" + a.bitLength() + "-bit A]";
  }
}
