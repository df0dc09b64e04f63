package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.ModExpRecorder;
import io.tbridge.tss.math.ModExpRecorder.Calls;
import io.tbridge.tss.math.ModExpRecorder.Pow;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The owner's CRT arithmetic ({@link PaillierMath#of(PaillierSecretKey)}) never hands {@link
 * BigInteger#modPow} an exponent that depends on the secret factors: not a negative exponent
 * reduced modulo p−1 or p(p−1) (whose top bits are the order's), not p itself as in the old N-th
 * power shortcut, and it computes no inverse of the secret primes when it is set up (per session).
 * Results stay those of the plain path.
 */
class PaillierCrtSideChannelTest {
  private static final SecureRandom RANDOM = TestRandom.seeded(2718);
  private static final BigInteger P = prime();
  private static final BigInteger Q = prime();
  private static final PaillierSecretKey SK = PaillierSecretKey.of(P, Q, TestRandom.seeded(3));
  private static final BigInteger N = SK.publicKey().n();
  private static final PaillierMath PLAIN = PaillierMath.of(SK.publicKey());

  /** A 512-bit prime with its top two bits set, so that N has exactly 1024 bits. */
  private static BigInteger prime() {
    while (true) {
      BigInteger p = BigInteger.probablePrime(512, RANDOM);
      if (p.testBit(510)) {
        return p;
      }
    }
  }

  private static Set<BigInteger> secretModuli() {
    return Set.of(P, Q, P.multiply(P), Q.multiply(Q));
  }

  /** The calls made modulo p, q, p² or q², i.e. the ones that run on the secret factors. */
  private static List<Pow> secretModulusPows(Calls calls) {
    return calls.pows().stream().filter(c -> secretModuli().contains(c.modulus())).toList();
  }

  /** Exponents of every size and sign the protocols use: challenges, responses, masks. */
  private static List<BigInteger> exponents() {
    List<BigInteger> out = new ArrayList<>();
    for (int bits : new int[] {1, 64, 256, 768, 1100, 2100, 3000}) {
      BigInteger e = new BigInteger(bits, RANDOM).setBit(bits - 1);
      out.add(e);
      out.add(e.negate());
    }
    out.add(BigInteger.ZERO);
    return out;
  }

  @Test
  void settingUpTheCrtArithmeticShouldInvertNoSecretPrime() throws Exception {
    Calls calls = ModExpRecorder.record(() -> PaillierMath.of(SK));
    // The CRT coefficients come from the key, computed once (blinded) when it was loaded.
    assertThat(calls.inverses()).isEmpty();
    assertThat(calls.pows()).isEmpty();
  }

  @Test
  void crtPowersShouldExponentiateByTheCallersExponentNeverOneReducedModTheOrder()
      throws Exception {
    PaillierMath own = PaillierMath.of(SK);
    for (BigInteger e : exponents()) {
      BigInteger baseN = BigInts.randomUnit(N, RANDOM);
      BigInteger baseN2 = BigInts.randomUnit(N.multiply(N), RANDOM);
      BigInteger[] results = new BigInteger[2];
      Calls calls =
          ModExpRecorder.record(
              () -> {
                results[0] = own.powModN(baseN, e);
                results[1] = own.powModNSquared(baseN2, e);
              });
      assertThat(results[0]).isEqualTo(PLAIN.powModN(baseN, e));
      assertThat(results[1]).isEqualTo(PLAIN.powModNSquared(baseN2, e));
      List<Pow> secret = secretModulusPows(calls);
      assertThat(secret).hasSize(4);
      for (Pow pow : secret) {
        assertThat(pow.exp()).as("exponent for e = %s mod a secret modulus", e).isEqualTo(e.abs());
      }
    }
  }

  @Test
  void ringPedersenCommitmentsShouldUseTheCallersExponents() throws Exception {
    PaillierMath own = PaillierMath.of(SK);
    BigInteger t = BigInts.randomUnit(N, RANDOM).pow(2).mod(N);
    RingPedersenParams rp = new RingPedersenParams(N, t.modPow(BigInteger.valueOf(65537), N), t);
    for (BigInteger x : exponents()) {
      BigInteger y = new BigInteger(1800, RANDOM).negate();
      BigInteger[] result = new BigInteger[1];
      Calls calls = ModExpRecorder.record(() -> result[0] = own.commit(rp, x, y));
      assertThat(result[0]).isEqualTo(rp.commit(x, y));
      for (Pow pow : secretModulusPows(calls)) {
        assertThat(pow.exp()).isIn(x.abs(), y.abs());
      }
    }
  }

  @Test
  void theNthPowerShouldNeverUseTheFactorsAsExponents() throws Exception {
    PaillierMath own = PaillierMath.of(SK);
    for (int i = 0; i < 5; i++) {
      BigInteger r = BigInts.randomUnit(N, RANDOM);
      BigInteger[] result = new BigInteger[1];
      Calls calls = ModExpRecorder.record(() -> result[0] = own.nthPower(r));
      assertThat(result[0]).isEqualTo(PLAIN.nthPower(r));
      assertThat(secretModulusPows(calls)).isNotEmpty();
      for (Pow pow : secretModulusPows(calls)) {
        // N is public: r^N mod p² with exponent N, not (r^(q mod p−1) mod p)^p.
        assertThat(pow.exp()).isEqualTo(N);
      }
      for (Pow pow : calls.pows()) {
        assertThat(pow.exp())
            .isNotIn(P, Q, P.subtract(BigInteger.ONE), Q.subtract(BigInteger.ONE))
            .isNotIn(Q.mod(P.subtract(BigInteger.ONE)), P.mod(Q.subtract(BigInteger.ONE)));
      }
    }
  }

  @Test
  void theNthRootShouldRecoverTheRandomnessWithFreshlyBlindedExponents() throws Exception {
    BigInteger pm1 = P.subtract(BigInteger.ONE);
    BigInteger expected = Q.mod(pm1).modInverse(pm1);
    Set<BigInteger> seen = new java.util.HashSet<>();
    for (int i = 0; i < 5; i++) {
      BigInteger rho = BigInts.randomUnit(N, RANDOM);
      BigInteger u = rho.modPow(N, N);
      BigInteger[] result = new BigInteger[1];
      Calls calls = ModExpRecorder.record(() -> result[0] = SK.nthRoot(u));
      assertThat(result[0]).isEqualTo(rho);
      List<Pow> modP = calls.pows().stream().filter(c -> c.modulus().equals(P)).toList();
      assertThat(modP).hasSize(1);
      BigInteger e = modP.get(0).exp();
      assertThat(e.mod(pm1)).isEqualTo(expected);
      assertThat(e.bitLength()).isGreaterThanOrEqualTo(pm1.bitLength() + 64);
      seen.add(e);
    }
    assertThat(seen).hasSize(5);
  }

  @Test
  void aSplitPowerShouldEqualThePlainPowerWithoutExposingTheSecretExponent() throws Exception {
    BigInteger n2 = N.multiply(N);
    for (PaillierMath math : List.of(PaillierMath.of(SK), PLAIN)) {
      BigInteger secret = new BigInteger(256, RANDOM);
      BigInteger base = BigInts.randomUnit(n2, RANDOM);
      Set<BigInteger> exponents = new java.util.HashSet<>();
      for (int i = 0; i < 4; i++) {
        BigInteger[] result = new BigInteger[1];
        Calls calls =
            ModExpRecorder.record(
                () -> result[0] = math.powModNSquaredSplit(base, secret, 256, RANDOM));
        assertThat(result[0]).isEqualTo(PLAIN.powModNSquared(base, secret));
        assertThat(calls.pows()).extracting(Pow::exp).doesNotContain(secret);
        calls.pows().forEach(c -> exponents.add(c.exp()));
      }
      // Fresh halves on every call: nothing repeats across the four calls' exponents.
      assertThat(exponents.size()).isGreaterThanOrEqualTo(8);
    }
  }
}
