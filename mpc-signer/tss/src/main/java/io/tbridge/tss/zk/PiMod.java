package io.tbridge.tss.zk;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Jacobi;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Π-mod (CGGMP21, Paillier–Blum modulus proof): N is a Paillier–Blum modulus, i.e. gcd(N, φ(N)) = 1
 * and N = p·q with p ≡ q ≡ 3 (mod 4). Non-interactive by Fiat–Shamir.
 *
 * <p>The prover sends w with Jacobi symbol (w/N) = −1. For each of m challenges y_i ∈ Z_N it
 * answers an N-th root z_i of y_i (exists for all y iff gcd(N, φ(N)) = 1) and a fourth root x_i of
 * y'_i = (−1)^a_i · w^b_i · y_i. For a Blum N exactly one of the four y'_i is a square, and every
 * square has a fourth root; if N has a third prime factor, or a prime ≡ 1 (mod 4), at most half of
 * all y admit any such answer, so a cheating prover survives all m rounds with probability ≤ 2^-m.
 * This is what rejects BitForge-style moduli with many small factors.
 *
 * <p>Transcript: domain {@value #DOMAIN}, session id, prover index, the caller's context bytes (the
 * aux-info protocol passes the common random ρ), N, w; then y_1..y_m = challengeBelow(N) in turn.
 *
 * <p>Encoding: bigInt w, i32 m, then per repetition bigInt x_i, u8 flags (bit 0 = a_i, bit 1 =
 * b_i), bigInt z_i.
 *
 * @param w the non-residue with Jacobi symbol −1
 * @param repetitions exactly m answers
 */
public record PiMod(BigInteger w, List<Repetition> repetitions) {
  /** Fiat–Shamir domain tag. */
  public static final String DOMAIN = "tbridge/cggmp21/pi-mod/v1";

  /** Name of the check in aborts. */
  public static final String CHECK = "pi-mod";

  private static final BigInteger MINUS_ONE = BigInteger.ONE.negate();

  /**
   * One repetition's answer.
   *
   * @param x a fourth root of (−1)^a · w^b · y
   * @param a whether y was multiplied by −1
   * @param b whether y was multiplied by w
   * @param z an N-th root of y
   */
  public record Repetition(BigInteger x, boolean a, boolean b, BigInteger z) {}

  /** Copies the list. */
  public PiMod {
    repetitions = List.copyOf(repetitions);
  }

  /**
   * Proves that the modulus of {@code key} is Paillier–Blum. The key's primes must be ≡ 3 (mod 4)
   * (safe primes are).
   */
  public static PiMod prove(
      SessionId sessionId,
      int prover,
      byte[] context,
      PaillierSecretKey key,
      SecurityLevel level,
      SecureRandom random) {
    BigInteger p = key.p();
    BigInteger q = key.q();
    if (!Jacobi.isThreeModFour(p) || !Jacobi.isThreeModFour(q)) {
      throw new IllegalArgumentException("Π-mod needs primes ≡ 3 (mod 4)");
    }
    BigInteger n = key.publicKey().n();
    BigInteger w;
    do {
      w = BigInts.randomUnit(n, random);
    } while (Jacobi.symbol(w, n) != -1);
    List<BigInteger> ys = challenges(sessionId, prover, context, n, w, level.m());

    BigInteger pm1 = p.subtract(BigInteger.ONE);
    BigInteger qm1 = q.subtract(BigInteger.ONE);
    // N-th root: exponent N^{-1} mod (p-1) and mod (q-1), by CRT.
    BigInteger dp = n.mod(pm1).modInverse(pm1);
    BigInteger dq = n.mod(qm1).modInverse(qm1);
    // Fourth root of a square mod a prime r ≡ 3 (mod 4): a^(((r+1)/4)^2 mod (r-1)).
    BigInteger fp = fourthRootExponent(p);
    BigInteger fq = fourthRootExponent(q);
    BigInteger qInvP = q.modInverse(p);
    boolean wSquareModP = Jacobi.symbol(w, p) == 1;
    List<Repetition> reps = new ArrayList<>(ys.size());
    for (BigInteger y : ys) {
      int lp = Jacobi.symbol(y, p);
      int lq = Jacobi.symbol(y, q);
      if (lp == 0 || lq == 0) {
        throw new IllegalStateException("challenge shares a factor with N (probability 2^-1000)");
      }
      // −1 is a non-square mod both primes; w is a square mod exactly one of them.
      boolean b;
      boolean a;
      if (lp == lq) {
        b = false;
        a = lp == -1;
      } else {
        b = true;
        // After multiplying by w, the residuosity mod the prime where w is a non-square flips.
        int lpAfter = wSquareModP ? lp : -lp;
        a = lpAfter == -1;
      }
      BigInteger yPrime = y;
      if (a) {
        yPrime = yPrime.negate();
      }
      if (b) {
        yPrime = yPrime.multiply(w);
      }
      yPrime = yPrime.mod(n);
      BigInteger x = crt(yPrime.mod(p).modPow(fp, p), yPrime.mod(q).modPow(fq, q), p, q, qInvP);
      BigInteger z = crt(y.mod(p).modPow(dp, p), y.mod(q).modPow(dq, q), p, q, qInvP);
      reps.add(new Repetition(x, a, b, z));
    }
    return new PiMod(w, reps);
  }

  /**
   * Verifies the proof for modulus {@code n} claimed by {@code prover}; any failure is an abort
   * naming the prover.
   */
  public void verify(
      SessionId sessionId, int prover, byte[] context, BigInteger n, SecurityLevel level)
      throws ProtocolAbort {
    if (!level.acceptsModulusSize(n) || !n.testBit(0)) {
      throw fail(
          sessionId, prover, "modulus is not an odd " + level.paillierBits() + "-bit number");
    }
    if (n.isProbablePrime(64)) {
      throw fail(sessionId, prover, "modulus is prime");
    }
    if (repetitions.size() != level.m()) {
      throw fail(
          sessionId, prover, "expected " + level.m() + " repetitions, got " + repetitions.size());
    }
    if (!BigInts.isUnit(w, n) || Jacobi.symbol(w, n) != -1) {
      throw fail(sessionId, prover, "w is not a unit with Jacobi symbol −1");
    }
    List<BigInteger> ys = challenges(sessionId, prover, context, n, w, level.m());
    for (int i = 0; i < ys.size(); i++) {
      Repetition rep = repetitions.get(i);
      BigInteger y = ys.get(i);
      if (!inRange(rep.x(), n) || !inRange(rep.z(), n)) {
        throw fail(sessionId, prover, "repetition " + i + ": answer out of range [1, N)");
      }
      if (!rep.z().modPow(n, n).equals(y)) {
        throw fail(sessionId, prover, "repetition " + i + ": z^N ≠ y");
      }
      BigInteger expected = y;
      if (rep.a()) {
        expected = expected.multiply(MINUS_ONE);
      }
      if (rep.b()) {
        expected = expected.multiply(w);
      }
      expected = expected.mod(n);
      if (!rep.x().modPow(BigInteger.valueOf(4), n).equals(expected)) {
        throw fail(sessionId, prover, "repetition " + i + ": x^4 ≠ (−1)^a·w^b·y");
      }
    }
  }

  /** Appends the encoding described in the class comment. */
  public void encodeTo(ByteWriter out) {
    out.bigInt(w).i32(repetitions.size());
    for (Repetition rep : repetitions) {
      out.bigInt(rep.x()).u8((rep.a() ? 1 : 0) | (rep.b() ? 2 : 0)).bigInt(rep.z());
    }
  }

  /** Reads a proof with exactly {@code level.m()} repetitions and integers below 2^paillierBits. */
  public static PiMod decodeFrom(ByteReader in, SecurityLevel level) throws DecodingException {
    int bits = level.paillierBits();
    BigInteger w = in.bigInt(bits);
    int count = in.i32();
    if (count != level.m()) {
      throw new DecodingException("Π-mod: expected " + level.m() + " repetitions, got " + count);
    }
    List<Repetition> reps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BigInteger x = in.bigInt(bits);
      int flags = in.u8();
      if (flags > 3) {
        throw new DecodingException("Π-mod: bad flags " + flags);
      }
      BigInteger z = in.bigInt(bits);
      reps.add(new Repetition(x, (flags & 1) != 0, (flags & 2) != 0, z));
    }
    return new PiMod(w, reps);
  }

  /** The m Fiat–Shamir challenges y_i ∈ [0, N) (package-private so tests can build forgeries). */
  static List<BigInteger> challenges(
      SessionId sessionId, int prover, byte[] context, BigInteger n, BigInteger w, int m) {
    Transcript t =
        Transcript.start(DOMAIN, sessionId.bytes(), prover)
            .append("context", context)
            .append("N", n)
            .append("w", w);
    List<BigInteger> ys = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      ys.add(t.challengeBelow(n));
    }
    return ys;
  }

  private static BigInteger fourthRootExponent(BigInteger r) {
    BigInteger e = r.add(BigInteger.ONE).shiftRight(2);
    return e.multiply(e).mod(r.subtract(BigInteger.ONE));
  }

  private static BigInteger crt(
      BigInteger xp, BigInteger xq, BigInteger p, BigInteger q, BigInteger qInvP) {
    BigInteger h = xp.subtract(xq).multiply(qInvP).mod(p);
    return xq.add(h.multiply(q));
  }

  private static boolean inRange(BigInteger v, BigInteger n) {
    return v.signum() > 0 && v.compareTo(n) < 0;
  }

  private static ProtocolAbort fail(SessionId sessionId, int prover, String detail) {
    return new ProtocolAbort(sessionId, prover, CHECK, detail);
  }

  @Override
  public String toString() {
    return "PiMod[repetitions=" + repetitions.size() + "]";
  }
}
