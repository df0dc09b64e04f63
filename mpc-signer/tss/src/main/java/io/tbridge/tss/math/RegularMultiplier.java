package io.tbridge.tss.math;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.PreCompInfo;

/**
 * Variable-base scalar multiplication k·P for a secret k with a regular operation sequence: a
 * signed fixed-window method (width {@value #WIDTH}) over a scalar recoded to a fixed number of
 * odd, non-zero digits, with table entries read by Bouncy Castle's cache-safe lookup table.
 *
 * <p>Why each step:
 *
 * <ul>
 *   <li>The scalar k (reduced mod q) is replaced by k + q or k + 2q, whichever is odd. Both are ≡ k
 *       (mod q), lie in [q, 3q) ⊂ [2^255, 2^258), and the choice is a masked word addition, not a
 *       branch. An odd scalar s below 2^(w·m) has the regular signed-digit form s = Σ d_i·2^(w·i)
 *       with every d_i odd in [−(2^w − 1), 2^w − 1]: d_i = 2·u_i + 1 − 2^w for i &lt; m − 1 and
 *       d_(m−1) = 2·u_(m−1) + 1, where u_i is the w-bit window of s starting at bit w·i + 1. So
 *       recoding is pure bit extraction at public positions, every digit is non-zero (no "skip the
 *       addition" case), and the digit count m is the same for every k.
 *   <li>Evaluation is Horner's rule from the top digit: w doublings and one addition of a table
 *       entry per digit, the same sequence for every scalar.
 *   <li>The table holds ±P, ±3P, …, ±(2^w − 1)P in affine form. {@link ECLookupTable#lookup} of
 *       Bouncy Castle's secp256k1 curve reads every entry and keeps the wanted one with a mask, so
 *       the memory access pattern does not depend on the digit.
 *   <li>No table entry is the identity and the accumulator is never ±(the entry added) except in
 *       the very last addition for k ≡ 0 or k ≡ 2·d_0 (mod q) (a handful of scalar values); Bouncy
 *       Castle then takes its doubling / identity branch, which is still correct.
 * </ul>
 *
 * <p>What stays outside our control: {@code BigInteger} reduction of k mod q and the conversion to
 * words (their running time depends on the length of k, not its bits), and the JIT. The field
 * arithmetic of Bouncy Castle's custom secp256k1 code is fixed-length word arithmetic and its field
 * inversion (used by {@code normalize}) is the constant-time safegcd.
 */
final class RegularMultiplier {
  /** Window width w: 16-entry table, 65 digits (measured faster than w = 5 here). */
  static final int WIDTH = 4;

  /** Bits a recoded scalar may have: s &lt; 3q &lt; 2^258. */
  private static final int SCALAR_BITS = 258;

  /** Number of digits m = ⌈258 / w⌉: fixed for every scalar. */
  static final int DIGITS = (SCALAR_BITS + WIDTH - 1) / WIDTH;

  /** Words of the recoded scalar, little-endian, with room for the top window. */
  private static final int WORDS = (DIGITS * WIDTH + 31) / 32 + 1;

  private static final int TABLE_SIZE = 1 << WIDTH;

  private static final String PRECOMP_NAME = "io.tbridge.tss.math.RegularMultiplier.w4";

  private static final int[] Q_WORDS = words(Secp256k1.Q);

  private RegularMultiplier() {}

  /**
   * k·P for a valid, non-identity point P of secp256k1 and any scalar k (reduced mod q); k ≡ 0
   * gives the identity.
   */
  static ECPoint multiply(ECPoint p, BigInteger k) {
    ECLookupTable table = table(p);
    int[] digits = recode(k);
    ECPoint r = table.lookup(digits[DIGITS - 1]);
    for (int i = DIGITS - 2; i >= 0; i--) {
      for (int j = 0; j < WIDTH; j++) {
        r = r.twice();
      }
      r = r.add(table.lookup(digits[i]));
    }
    return r.normalize();
  }

  /**
   * Recodes k to {@link #DIGITS} table indices, lowest digit first; index u stands for the digit 2u
   * + 1 − 2^w. Package-private so tests can check the recoding on its own.
   */
  static int[] recode(BigInteger k) {
    // k mod q + q has 257 bits for all but a 2^-128 fraction of scalars, so the word conversion
    // below sees the same length almost always (BigInteger itself is not constant-time).
    int[] s = words(k.mod(Secp256k1.Q).add(Secp256k1.Q));
    // If s is even, add q once more (q is odd): a masked addition, no branch on the secret bit.
    int addMask = (s[0] & 1) - 1;
    long carry = 0;
    for (int i = 0; i < WORDS; i++) {
      carry += (s[i] & 0xffffffffL) + (Q_WORDS[i] & addMask & 0xffffffffL);
      s[i] = (int) carry;
      carry >>>= 32;
    }
    int[] digits = new int[DIGITS];
    for (int i = 0; i < DIGITS; i++) {
      int u = 0;
      for (int b = WIDTH; b >= 1; b--) {
        int bit = WIDTH * i + b;
        u = (u << 1) | ((s[bit >>> 5] >>> (bit & 31)) & 1);
      }
      digits[i] = u;
    }
    // The top digit is 2u + 1 (positive): in table order that is index u + 2^(w−1). s < 2^(w·m)
    // guarantees u < 2^(w−1), so an OR is the addition.
    digits[DIGITS - 1] |= TABLE_SIZE >>> 1;
    Arrays.fill(s, 0);
    return digits;
  }

  /** The signed digit a table index stands for: 2u + 1 − 2^w. */
  static int digitValue(int index) {
    return 2 * index + 1 - TABLE_SIZE;
  }

  /** The odd multiples table of P, computed once per point object and cached on it. */
  private static ECLookupTable table(ECPoint p) {
    ECCurve curve = p.getCurve();
    TableInfo info =
        (TableInfo)
            curve.precompute(
                p,
                PRECOMP_NAME,
                existing -> existing instanceof TableInfo t ? t : new TableInfo(build(p)));
    return info.table;
  }

  /** Index u holds (2u + 1 − 2^w)·P: the negatives first, then P, 3P, …, (2^w − 1)·P. */
  private static ECLookupTable build(ECPoint p) {
    // Only public data (the point) is involved here, so ordinary variable-time code is fine.
    int half = TABLE_SIZE / 2;
    ECPoint[] odd = new ECPoint[half];
    ECPoint twoP = p.twice();
    odd[0] = p;
    for (int i = 1; i < half; i++) {
      odd[i] = odd[i - 1].add(twoP);
    }
    p.getCurve().normalizeAll(odd);
    ECPoint[] all = new ECPoint[TABLE_SIZE];
    for (int i = 0; i < half; i++) {
      all[half + i] = odd[i];
      all[half - 1 - i] = odd[i].negate();
    }
    return p.getCurve().createCacheSafeLookupTable(all, 0, TABLE_SIZE);
  }

  /** Little-endian 32-bit words of a non-negative value below 2^(32·WORDS). */
  private static int[] words(BigInteger x) {
    byte[] be = x.toByteArray();
    int[] w = new int[WORDS];
    for (int i = 0; i < be.length && i < 4 * WORDS; i++) {
      int b = be[be.length - 1 - i] & 0xff;
      w[i >>> 2] |= b << ((i & 3) * 8);
    }
    Arrays.fill(be, (byte) 0);
    return w;
  }

  /** Bouncy Castle pre-computation slot holding the table of one point. */
  private static final class TableInfo implements PreCompInfo {
    private final ECLookupTable table;

    TableInfo(ECLookupTable table) {
      this.table = table;
    }
  }
}
