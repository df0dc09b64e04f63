package io.tbridge.tss.math;

import java.math.BigInteger;

/** The Jacobi symbol, needed by Π-mod (its w must be a non-residue with symbol −1 mod N). */
public final class Jacobi {
  private static final BigInteger THREE = BigInteger.valueOf(3);

  private Jacobi() {}

  /** The Jacobi symbol (a / n) ∈ {−1, 0, 1} for odd n ≥ 1, by quadratic reciprocity. */
  public static int symbol(BigInteger a, BigInteger n) {
    if (n.signum() <= 0 || !n.testBit(0)) {
      throw new IllegalArgumentException("Jacobi symbol needs an odd positive modulus");
    }
    BigInteger x = a.mod(n);
    BigInteger m = n;
    int result = 1;
    while (x.signum() != 0) {
      int twos = x.getLowestSetBit();
      if (twos > 0) {
        x = x.shiftRight(twos);
        int m8 = m.intValue() & 7;
        // (2/m) = −1 exactly when m ≡ 3 or 5 (mod 8).
        if ((twos & 1) == 1 && (m8 == 3 || m8 == 5)) {
          result = -result;
        }
      }
      // Reciprocity: swapping flips the sign when both are ≡ 3 (mod 4).
      if ((x.intValue() & 3) == 3 && (m.intValue() & 3) == 3) {
        result = -result;
      }
      BigInteger t = x;
      x = m.mod(t);
      m = t;
    }
    return m.equals(BigInteger.ONE) ? result : 0;
  }

  /** Whether p ≡ 3 (mod 4), the Blum-prime condition. */
  public static boolean isThreeModFour(BigInteger p) {
    return p.signum() > 0 && p.and(THREE).intValue() == 3;
  }
}
