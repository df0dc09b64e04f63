package io.tbridge.tss.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Generation and checking of safe primes p = 2q + 1 (q prime). Safe primes make the ring-Pedersen
 * group QR(N) cyclic of order p'q' (so a random square generates it) and, being ≡ 3 (mod 4), make N
 * a Blum integer as Π-mod requires.
 *
 * <p>Generation: a random odd start q₀ with its top two bits set (so a product of two such primes
 * has exactly twice the bits), then a window of candidates q₀ + 2k is sieved on both q and 2q + 1
 * by all odd primes below {@value #SIEVE_LIMIT}; survivors get a base-2 Fermat test on q, then on
 * p, then Miller–Rabin with random bases plus a Lucas test (BigInteger.isProbablePrime) on both.
 * The expensive tests run on well under one candidate in ten.
 */
public final class SafePrimes {
  /** Odd primes below this bound sieve the candidates. */
  static final int SIEVE_LIMIT = 1 << 16;

  /** Candidates examined per sieve window (offsets 0, 2, 4, … from the start). */
  private static final int WINDOW = 1 << 14;

  /** isProbablePrime certainty: error below 2^-128 (the JDK adds a Lucas test at these sizes). */
  private static final int CERTAINTY = 128;

  private static final BigInteger TWO = BigInteger.TWO;
  private static final int[] SMALL_PRIMES = oddPrimesBelow(SIEVE_LIMIT);

  private SafePrimes() {}

  /** Generates a safe prime of exactly {@code bits} bits (top two bits set); bits ≥ 64. */
  public static BigInteger generate(int bits, SecureRandom random) {
    return generate(bits, random, () -> false)
        .orElseThrow(() -> new IllegalStateException("unreachable: generation never cancelled"));
  }

  /**
   * Generates a safe prime of exactly {@code bits} bits, or returns empty as soon as {@code
   * cancelled} reports true (checked between candidates, so parallel searches can stop early).
   */
  public static Optional<BigInteger> generate(
      int bits, SecureRandom random, BooleanSupplier cancelled) {
    if (bits < 64) {
      throw new IllegalArgumentException("safe primes below 64 bits are not supported");
    }
    int qBits = bits - 1;
    int[] residues = new int[SMALL_PRIMES.length];
    boolean[] composite = new boolean[WINDOW];
    while (!cancelled.getAsBoolean()) {
      BigInteger start = new BigInteger(qBits, random).setBit(qBits - 1).setBit(qBits - 2);
      start = start.setBit(0);
      for (int i = 0; i < SMALL_PRIMES.length; i++) {
        residues[i] = start.mod(BigInteger.valueOf(SMALL_PRIMES[i])).intValue();
      }
      sieve(residues, composite);
      for (int k = 0; k < WINDOW; k++) {
        if (composite[k]) {
          continue;
        }
        if ((k & 63) == 0 && cancelled.getAsBoolean()) {
          return Optional.empty();
        }
        BigInteger q = start.add(BigInteger.valueOf(2L * k));
        if (q.bitLength() != qBits) {
          break; // the window ran past the top: draw a new start
        }
        BigInteger p = q.shiftLeft(1).add(BigInteger.ONE);
        if (!TWO.modPow(q.subtract(BigInteger.ONE), q).equals(BigInteger.ONE)) {
          continue;
        }
        // For p = 2q+1 with q prime, 2^(p-1) = 2^(2q) ≡ 1 (mod p) iff p passes Fermat base 2.
        if (!TWO.modPow(q.shiftLeft(1), p).equals(BigInteger.ONE)) {
          continue;
        }
        if (q.isProbablePrime(CERTAINTY) && p.isProbablePrime(CERTAINTY)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether p is a safe prime of exactly {@code bits} bits: p and (p-1)/2 both pass Miller–Rabin
   * (error below 2^-128) plus a Lucas test. Used to vet primes that come from outside (fixtures,
   * storage) before they become key material.
   */
  public static boolean isSafePrime(BigInteger p, int bits) {
    if (p.signum() <= 0 || p.bitLength() != bits || !p.testBit(0) || bits < 64) {
      return false;
    }
    BigInteger q = p.shiftRight(1);
    if (!q.testBit(0)) {
      return false;
    }
    for (int prime : SMALL_PRIMES) {
      BigInteger bp = BigInteger.valueOf(prime);
      if (q.mod(bp).signum() == 0 || p.mod(bp).signum() == 0) {
        return false;
      }
    }
    return q.isProbablePrime(CERTAINTY) && p.isProbablePrime(CERTAINTY);
  }

  /** Marks window offsets k where q₀+2k or 2(q₀+2k)+1 has a small prime factor. */
  private static void sieve(int[] residues, boolean[] composite) {
    Arrays.fill(composite, false);
    for (int i = 0; i < SMALL_PRIMES.length; i++) {
      int r = SMALL_PRIMES[i];
      int res = residues[i];
      // q ≡ 0 (mod r) at offsets k with res + 2k ≡ 0, i.e. k ≡ -res · 2^{-1} (mod r).
      int inv2 = (r + 1) / 2;
      int k0 = (int) (((long) (r - res) % r) * inv2 % r);
      for (int k = k0; k < WINDOW; k += r) {
        composite[k] = true;
      }
      // 2q+1 ≡ 0 (mod r) ⇔ q ≡ (r-1)/2 (mod r) ⇔ res + 2k ≡ (r-1)/2.
      int target = (r - 1) / 2;
      int k1 = (int) (((long) (target - res + r) % r) * inv2 % r);
      for (int k = k1; k < WINDOW; k += r) {
        composite[k] = true;
      }
    }
  }

  private static int[] oddPrimesBelow(int limit) {
    boolean[] notPrime = new boolean[limit];
    int count = 0;
    for (int i = 3; i < limit; i += 2) {
      if (!notPrime[i]) {
        count++;
        for (long j = (long) i * i; j < limit; j += 2L * i) {
          notPrime[(int) j] = true;
        }
      }
    }
    int[] out = new int[count];
    int idx = 0;
    for (int i = 3; i < limit; i += 2) {
      if (!notPrime[i]) {
        out[idx++] = i;
      }
    }
    return out;
  }
}
