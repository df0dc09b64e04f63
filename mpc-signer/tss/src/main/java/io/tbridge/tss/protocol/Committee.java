package io.tbridge.tss.protocol;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The parties holding shares of one key and the threshold: any {@code threshold} of them can sign,
 * fewer learn nothing. Party indices are the x-coordinates of the Shamir shares, so they are
 * distinct, positive and small; they are kept sorted so every party derives the same order.
 *
 * @param parties the party indices, strictly increasing, each in [1, {@link #MAX_INDEX}]
 * @param threshold how many parties are needed to sign, 1 ≤ t ≤ n
 */
public record Committee(List<Integer> parties, int threshold) {
  /** Largest allowed party index (keeps indices far below the group order and cheap to encode). */
  public static final int MAX_INDEX = 65_535;

  /** Largest committee size. */
  public static final int MAX_PARTIES = 255;

  /** Validating constructor; copies the list. */
  public Committee {
    parties = List.copyOf(parties);
    if (parties.isEmpty() || parties.size() > MAX_PARTIES) {
      throw new IllegalArgumentException(
          "committee needs 1.." + MAX_PARTIES + " parties, got " + parties.size());
    }
    int previous = 0;
    for (int p : parties) {
      if (p < 1 || p > MAX_INDEX) {
        throw new IllegalArgumentException("party index out of range [1, " + MAX_INDEX + "]: " + p);
      }
      if (p <= previous) {
        throw new IllegalArgumentException("party indices must be distinct and sorted: " + parties);
      }
      previous = p;
    }
    if (threshold < 1 || threshold > parties.size()) {
      throw new IllegalArgumentException(
          "threshold must be in [1, " + parties.size() + "], got " + threshold);
    }
  }

  /** A committee of the given parties (any order; duplicates are an error). */
  public static Committee of(int threshold, Collection<Integer> parties) {
    TreeSet<Integer> sorted = new TreeSet<>(parties);
    if (sorted.size() != parties.size()) {
      throw new IllegalArgumentException("duplicate party index in " + parties);
    }
    return new Committee(new ArrayList<>(sorted), threshold);
  }

  /** The committee of parties 1..n with threshold t. */
  public static Committee ofSize(int threshold, int n) {
    if (n < 1 || n > MAX_PARTIES) {
      throw new IllegalArgumentException("committee size out of range: " + n);
    }
    List<Integer> parties = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      parties.add(i);
    }
    return new Committee(parties, threshold);
  }

  /** Number of parties n. */
  public int size() {
    return parties.size();
  }

  /** Whether {@code party} is a member. */
  public boolean contains(int party) {
    return parties.contains(party);
  }

  /** All members except {@code self}, in order. */
  public List<Integer> others(int self) {
    return parties.stream().filter(p -> p != self).toList();
  }

  /**
   * Validates a signing subset: at least {@code threshold} distinct members of this committee.
   * Returns it sorted.
   */
  public List<Integer> signingSubset(Collection<Integer> signers) {
    TreeSet<Integer> sorted = new TreeSet<>(signers);
    if (sorted.size() != signers.size()) {
      throw new IllegalArgumentException("duplicate party index in signing subset " + signers);
    }
    for (int s : sorted) {
      if (!contains(s)) {
        throw new IllegalArgumentException("party " + s + " is not in the committee");
      }
    }
    if (sorted.size() < threshold) {
      throw new IllegalArgumentException(
          "signing subset has " + sorted.size() + " parties, threshold is " + threshold);
    }
    return List.copyOf(sorted);
  }

  /**
   * The Lagrange coefficient at 0 of {@code party} for the given signing subset, mod q: λ_i = Π_{j
   * ∈ S, j ≠ i} j / (j − i). Σ_{i ∈ S} λ_i·x_i is the secret when x_i are shares of a polynomial of
   * degree &lt; |S|.
   */
  public BigInteger lagrangeAtZero(int party, Collection<Integer> signers) {
    List<Integer> subset = signingSubset(signers);
    if (!subset.contains(party)) {
      throw new IllegalArgumentException("party " + party + " is not in the signing subset");
    }
    return lagrangeAtZero(party, subset, Secp256k1.Q);
  }

  /** Lagrange coefficient at 0 of {@code party} over distinct {@code points}, modulo {@code q}. */
  public static BigInteger lagrangeAtZero(int party, List<Integer> points, BigInteger q) {
    return lagrangeAt(0, party, points, q);
  }

  /**
   * Lagrange coefficient at {@code x} of {@code party} over distinct {@code points}, modulo {@code
   * q}: Π_{j ≠ i} (x − j) / (i − j). Used to check that public shares lie on one polynomial.
   */
  public static BigInteger lagrangeAt(long x, int party, List<Integer> points, BigInteger q) {
    BigInteger num = BigInteger.ONE;
    BigInteger den = BigInteger.ONE;
    for (int j : points) {
      if (j == party) {
        continue;
      }
      num = num.multiply(BigInteger.valueOf(x - j)).mod(q);
      den = den.multiply(BigInteger.valueOf((long) party - j)).mod(q);
    }
    return num.multiply(den.modInverse(q)).mod(q);
  }

  /** Appends the binary encoding: threshold, count, then each index. */
  public void encodeTo(ByteWriter w) {
    w.i32(threshold).i32(parties.size());
    parties.forEach(w::i32);
  }

  /** Reads what {@link #encodeTo} wrote, validating everything. */
  public static Committee decodeFrom(ByteReader r) throws DecodingException {
    int threshold = r.i32();
    int count = r.i32();
    if (count < 1 || count > MAX_PARTIES) {
      throw new DecodingException("committee size out of range: " + count);
    }
    List<Integer> parties = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parties.add(r.i32());
    }
    try {
      return new Committee(parties, threshold);
    } catch (IllegalArgumentException e) {
      throw new DecodingException("invalid committee: " + e.getMessage());
    }
  }
}
