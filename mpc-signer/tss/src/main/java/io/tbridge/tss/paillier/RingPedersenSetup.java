package io.tbridge.tss.paillier;

import io.tbridge.tss.math.BigInts;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Fresh ring-Pedersen parameters on a party's own Paillier modulus, with the trapdoor λ (s = t^λ)
 * that Π-prm proves knowledge of. λ is needed only for that proof and should be dropped after it.
 *
 * @param params the public parameters (N, s, t)
 * @param lambda the secret exponent λ ∈ Z_φ(N)
 */
public record RingPedersenSetup(RingPedersenParams params, BigInteger lambda) {

  /**
   * Samples t = r² for a random unit r (a generator of QR(N) with overwhelming probability), λ ∈
   * Z_φ(N), s = t^λ.
   */
  public static RingPedersenSetup generate(PaillierSecretKey key, SecureRandom random) {
    BigInteger n = key.publicKey().n();
    BigInteger phi = key.phi();
    while (true) {
      BigInteger r = BigInts.randomUnit(n, random);
      BigInteger t = r.multiply(r).mod(n);
      BigInteger lambda = BigInts.randomBelow(phi, random);
      BigInteger s = t.modPow(lambda, n);
      try {
        return new RingPedersenSetup(new RingPedersenParams(n, s, t), lambda);
      } catch (IllegalArgumentException degenerate) {
        // s or t landed on ±1 or s = t: probability ≈ 2^-1000, draw again.
      }
    }
  }

  @Override
  public String toString() {
    return "RingPedersenSetup[n=" + params.n().bitLength() + " bits, lambda=<redacted>]";
  }
}
