package io.tbridge.tss.math;

import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.PaillierPublicKey;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntConsumer;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Prints what the side-channel hardening costs (not a test: no assertions on time). Compares the
 * regular secret-scalar multiplications with Bouncy Castle's default ones, and blinded Paillier
 * decryption with the unblinded CRT decryption the library used before, at 3072 bits.
 *
 * <pre>
 * mvn -B -ntp -o -q -pl mpc-signer/tss test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.tbridge.tss.math.SideChannelCostBenchmark
 * </pre>
 */
public final class SideChannelCostBenchmark {
  private SideChannelCostBenchmark() {}

  /** Runs the measurements and prints one line per operation (median of rounds). */
  public static void main(String[] args) {
    SecureRandom random = TestRandom.seeded(1);
    int n = 400;
    ECPoint[] points = new ECPoint[n];
    BigInteger[] scalars = new BigInteger[n];
    for (int i = 0; i < n; i++) {
      points[i] = Secp256k1.mulG(Secp256k1.randomScalar(random));
      scalars[i] = Secp256k1.randomScalar(random);
    }
    // Fresh point objects per call, as in the protocols (a decoded point has no cached table).
    byte[][] encoded = new byte[n][];
    for (int i = 0; i < n; i++) {
      encoded[i] = points[i].getEncoded(true);
    }
    report(
        "k·P secret (regular, fresh point)",
        n,
        i -> Secp256k1.mulSecret(Secp256k1.CURVE.decodePoint(encoded[i]), scalars[i]));
    report(
        "k·P public (BC GLV/wNAF, fresh point)",
        n,
        i -> Secp256k1.mulPublic(Secp256k1.CURVE.decodePoint(encoded[i]), scalars[i]));
    report(
        "k·P secret (regular, table cached)", n, i -> Secp256k1.mulSecret(points[0], scalars[i]));
    report("k·G comb (mulG)", n, i -> Secp256k1.mulG(scalars[i]));
    report("k·G via BC default multiplier", n, i -> Secp256k1.G.multiply(scalars[i]).normalize());
    report("point decoding alone", n, i -> Secp256k1.CURVE.decodePoint(encoded[i]));

    PaillierSecretKey key = SafePrimeFixtures.paillierKey(SecurityLevel.PRODUCTION, 0);
    PaillierPublicKey pk = key.publicKey();
    int m = 20;
    BigInteger[] ciphertexts = new BigInteger[m];
    for (int i = 0; i < m; i++) {
      ciphertexts[i] = pk.encrypt(BigInts.randomSigned(1800, random), random).ciphertext();
    }
    BigInteger p = key.p();
    BigInteger q = key.q();
    BigInteger pSquared = p.multiply(p);
    BigInteger qSquared = q.multiply(q);
    BigInteger pm1 = p.subtract(BigInteger.ONE);
    BigInteger qm1 = q.subtract(BigInteger.ONE);
    report("Paillier-3072 decrypt, blinded", m, i -> key.decrypt(ciphertexts[i]));
    BigInteger hp = q.negate().modInverse(p);
    BigInteger hq = p.negate().modInverse(q);
    BigInteger qInvModP = q.modInverse(p);
    report(
        "Paillier-3072 decrypt, unblinded (before)",
        m,
        i -> {
          // The decryption as it was: CRT with the fixed exponents p − 1 and q − 1.
          BigInteger c = ciphertexts[i];
          BigInteger mp = c.mod(pSquared).modPow(pm1, pSquared).subtract(BigInteger.ONE).divide(p);
          BigInteger mq = c.mod(qSquared).modPow(qm1, qSquared).subtract(BigInteger.ONE).divide(q);
          mp = mp.multiply(hp).mod(p);
          mq = mq.multiply(hq).mod(q);
          mq.add(mp.subtract(mq).multiply(qInvModP).mod(p).multiply(q));
        });
  }

  private static void report(String name, int count, IntConsumer op) {
    // Long warm-up: Bouncy Castle's field code needs thousands of calls before C2 compiles it.
    long warmUntil = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      for (int i = 0; i < count; i++) {
        op.accept(i);
      }
    }
    int rounds = 7;
    double[] perOp = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        op.accept(i);
      }
      perOp[r] = (System.nanoTime() - start) / 1000.0 / count;
    }
    Arrays.sort(perOp);
    System.out.printf("%-45s %10.1f µs%n", name, perOp[rounds / 2]);
  }
}
