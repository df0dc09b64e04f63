package io.tbridge.tss.paillier;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The CGGMP21 parameter set: Paillier/ring-Pedersen modulus size, the range-proof bounds ℓ, ℓ', ε
 * and the repetition count m of the binary-challenge proofs (Π-mod, Π-prm).
 *
 * <p>Values follow CGGMP21 §C.1 ("concrete security") with κ = 256, the bit size of the secp256k1
 * group order q: ℓ = κ = 256 (the size of secret scalars), ε = 2κ = 512 (slack of the range
 * proofs), ℓ' = 5κ = 1280 (the size of the additive MtA masks), and a 3072-bit N for 128-bit
 * factoring security (NIST SP 800-57: 2048-bit RSA gives only 112 bits). The paper's figures use m
 * = 80 statistical repetitions; with Fiat–Shamir a cheating prover can grind challenges offline, so
 * the soundness error 2^-m must match the computational level, hence m = 128 (as the public
 * LFDT-Lockness implementation also chose).
 *
 * <p>The constructor enforces the relations the proofs' hiding arguments need, each with a
 * statistical margin of {@value #HIDING_MARGIN_BITS} bits: ε ≥ ℓ + margin (a mask of ℓ + ε bits
 * hides e·x with e, x below 2^ℓ), and ℓ' ≥ 2ℓ + ε + margin (the MtA mask β hides k·γ even when a
 * cheating peer's k is only known to lie in ±2^(ℓ+ε), the range Π-enc extracts). §C.1's values meet
 * both with 256 bits to spare.
 *
 * <p>{@link #PRODUCTION} is the only level a production configuration may use ({@link
 * #production()}, {@link #requireProduction()}); {@link #TEST} is identical except for a 2048-bit
 * N, so tests run faster with the same proof bounds, and is refused by both.
 *
 * @param name stable identifier written into encoded key material
 * @param paillierBits exact bit length of every Paillier / ring-Pedersen modulus N
 * @param ell ℓ: bit bound of secret scalars in range proofs
 * @param ellPrime ℓ': bit bound of the MtA additive masks
 * @param epsilon ε: range-proof slack bits
 * @param m repetitions of the binary-challenge proofs Π-mod and Π-prm
 * @param productionAllowed whether a production configuration may use this level
 */
public record SecurityLevel(
    String name,
    int paillierBits,
    int ell,
    int ellPrime,
    int epsilon,
    int m,
    boolean productionAllowed) {

  /** 3072-bit N, ℓ = 256, ℓ' = 1280, ε = 512, m = 128: the level production must use. */
  public static final SecurityLevel PRODUCTION =
      new SecurityLevel("cggmp21-3072", 3072, 256, 1280, 512, 128, true);

  /** As {@link #PRODUCTION} but with a 2048-bit N; refused by production configuration. */
  public static final SecurityLevel TEST =
      new SecurityLevel("cggmp21-2048-test", 2048, 256, 1280, 512, 128, false);

  /** Statistical margin, in bits, of every hiding relation between ℓ, ℓ' and ε. */
  public static final int HIDING_MARGIN_BITS = 128;

  private static final List<SecurityLevel> KNOWN = List.of(PRODUCTION, TEST);

  /** Validating constructor: checks the relations the proofs rely on. */
  public SecurityLevel {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("security level name must be 1..64 characters");
    }
    if (paillierBits < 2048 || paillierBits % 2 != 0) {
      throw new IllegalArgumentException("Paillier modulus must be an even number ≥ 2048 of bits");
    }
    if (ell < 256) {
      throw new IllegalArgumentException("ℓ must cover the 256-bit secp256k1 scalars");
    }
    // z = α + e·x with α ← ±2^(ℓ+ε) and e·x < 2^(2ℓ): ε − ℓ bits of statistical hiding.
    if (epsilon < ell + HIDING_MARGIN_BITS) {
      throw new IllegalArgumentException(
          "ε must be at least ℓ + "
              + HIDING_MARGIN_BITS
              + " (got ε = "
              + epsilon
              + ", ℓ = "
              + ell
              + ")");
    }
    // α = k·γ − β with β ← ±2^ℓ', k ∈ ±2^(ℓ+ε) (all Π-enc guarantees), γ < 2^ℓ.
    if (ellPrime < 2 * ell + epsilon + HIDING_MARGIN_BITS) {
      throw new IllegalArgumentException(
          "ℓ' must be at least 2ℓ + ε + "
              + HIDING_MARGIN_BITS
              + " (got ℓ' = "
              + ellPrime
              + ", 2ℓ + ε = "
              + (2 * ell + epsilon)
              + ")");
    }
    // MtA masks plus slack must stay well below N/2 so homomorphic sums never wrap mod N.
    if (ellPrime + epsilon + 2 >= paillierBits - 1) {
      throw new IllegalArgumentException("ℓ' + ε too large for the Paillier modulus");
    }
    if (m < 80 || m > 1024) {
      throw new IllegalArgumentException("m must be in [80, 1024]");
    }
  }

  /** Bit length of each of the two safe primes of N. */
  public int primeBits() {
    return paillierBits / 2;
  }

  /** Whether n has exactly the modulus size this level demands. */
  public boolean acceptsModulusSize(BigInteger n) {
    return n.signum() > 0 && n.bitLength() == paillierBits;
  }

  /**
   * Returns this level if production may use it, otherwise throws; the node's production
   * configuration calls this so the test level cannot reach a deployment.
   */
  public SecurityLevel requireProduction() {
    if (!productionAllowed) {
      throw new IllegalStateException(
          "security level " + name + " is for tests only and refused in production");
    }
    return this;
  }

  /** The level a production configuration uses: {@link #PRODUCTION}, checked. */
  public static SecurityLevel production() {
    return PRODUCTION.requireProduction();
  }

  /**
   * The smallest threshold this level accepts: 2 for a production level (with t = 1 every share is
   * the whole key), 1 for the test level.
   */
  public int minimumThreshold() {
    return productionAllowed ? 2 : 1;
  }

  /**
   * Returns {@code threshold} if this level accepts it ({@link #minimumThreshold()}), else throws
   * {@link IllegalArgumentException}.
   */
  public int requireThreshold(int threshold) {
    if (threshold < minimumThreshold()) {
      throw new IllegalArgumentException(
          "threshold "
              + threshold
              + " is refused at security level "
              + name
              + ": with t = 1 every party's share is the whole signing key (use t ≥ 2)");
    }
    return threshold;
  }

  /** The predefined level with this name ({@link #PRODUCTION} or {@link #TEST}). */
  public static Optional<SecurityLevel> byName(String name) {
    return KNOWN.stream().filter(l -> l.name.equals(name)).findFirst();
  }
}
