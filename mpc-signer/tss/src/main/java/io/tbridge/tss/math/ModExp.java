package io.tbridge.tss.math;

import java.math.BigInteger;

/**
 * The one place where the library's Paillier and ring-Pedersen arithmetic calls {@link
 * BigInteger#modPow} and {@link BigInteger#modInverse}. Keeping them here gives tests a seam to see
 * which exponents and moduli secret-dependent code really hands to the variable-time JDK routines
 * (docs/tss.md, "Side channels"); in production it is a plain delegation.
 */
public final class ModExp {
  /** What a test observer is told about every call made on its thread. */
  interface Observer {
    /** {@code base^exp mod m} is about to be computed (exp ≥ 0). */
    void pow(BigInteger base, BigInteger exp, BigInteger m);

    /** {@code x⁻¹ mod m} is about to be computed. */
    void inverse(BigInteger x, BigInteger m);
  }

  // Per thread, so that a test sees only its own calls; never set outside tests.
  private static final ThreadLocal<Observer> OBSERVER = new ThreadLocal<>();

  private ModExp() {}

  /** base^exp mod m for exp ≥ 0. */
  public static BigInteger pow(BigInteger base, BigInteger exp, BigInteger m) {
    Observer o = OBSERVER.get();
    if (o != null) {
      o.pow(base, exp, m);
    }
    return base.modPow(exp, m);
  }

  /** x⁻¹ mod m. */
  public static BigInteger inverse(BigInteger x, BigInteger m) {
    Observer o = OBSERVER.get();
    if (o != null) {
      o.inverse(x, m);
    }
    return x.modInverse(m);
  }

  /** Test seam: report this thread's calls to {@code observer} (null stops reporting). */
  static void observe(Observer observer) {
    if (observer == null) {
      OBSERVER.remove();
    } else {
      OBSERVER.set(observer);
    }
  }
}
