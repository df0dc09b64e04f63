package io.tbridge.tss.keygen;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.Committee;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One party's output of key generation: its Shamir share x_i of the group secret key, everyone's
 * public share X_j = x_j·G, and the group public key X with its Ethereum address. Any {@code
 * threshold} parties can sign by Lagrange-weighting their shares ({@link #additiveShare}).
 *
 * <p>Every instance is consistent: x_i·G = X_i, and all X_j lie on one polynomial of degree t−1
 * whose value at 0 is X. Decoding checks the same, so a corrupted or tampered share file is
 * refused.
 *
 * <p>Encoding (version 1): u8 version, string tag {@value #TAG}, i32 self, the committee (i32
 * threshold, i32 n, n × i32 index), 32-byte x_i, i32 n, n × 33-byte compressed X_j in committee
 * order, 33-byte X. {@link #toString()} never shows x_i.
 */
public final class KeyShare {
  /** Encoding version. */
  public static final int VERSION = 1;

  /** Type tag inside the encoding, so no other structure decodes as a key share. */
  public static final String TAG = "tbridge/cggmp21/key-share";

  private final int self;
  private final Committee committee;
  private final BigInteger secretShare;
  private final SortedMap<Integer, ECPoint> publicShares;
  private final ECPoint publicKey;
  private final EthereumAddress address;

  private KeyShare(
      int self,
      Committee committee,
      BigInteger secretShare,
      SortedMap<Integer, ECPoint> publicShares,
      ECPoint publicKey) {
    this.self = self;
    this.committee = committee;
    this.secretShare = secretShare;
    this.publicShares = Collections.unmodifiableSortedMap(publicShares);
    this.publicKey = publicKey;
    this.address = EthereumAddress.of(publicKey);
  }

  /**
   * Builds a key share after checking it is consistent.
   *
   * @throws IllegalArgumentException naming the inconsistency (never a secret value)
   */
  public static KeyShare of(
      int self,
      Committee committee,
      BigInteger secretShare,
      Map<Integer, ECPoint> publicShares,
      ECPoint publicKey) {
    if (!committee.contains(self)) {
      throw new IllegalArgumentException("party " + self + " is not in the committee");
    }
    if (secretShare.signum() <= 0 || secretShare.compareTo(Secp256k1.Q) >= 0) {
      throw new IllegalArgumentException("secret share out of range [1, q)");
    }
    if (!publicShares.keySet().equals(new java.util.HashSet<>(committee.parties()))) {
      throw new IllegalArgumentException("public shares must cover exactly the committee");
    }
    SortedMap<Integer, ECPoint> shares = new TreeMap<>();
    for (Map.Entry<Integer, ECPoint> e : publicShares.entrySet()) {
      shares.put(e.getKey(), requireValid(e.getValue(), "public share of party " + e.getKey()));
    }
    ECPoint groupKey = requireValid(publicKey, "group public key");
    if (!Secp256k1.mulG(secretShare).equals(shares.get(self))) {
      throw new IllegalArgumentException("secret share does not match this party's public share");
    }
    checkOnOnePolynomial(committee, shares, groupKey);
    return new KeyShare(self, committee, secretShare, shares, groupKey);
  }

  private static ECPoint requireValid(ECPoint p, String what) {
    if (p.isInfinity() || !p.isValid()) {
      throw new IllegalArgumentException(what + " is the identity or not on the curve");
    }
    return p.normalize();
  }

  /** The first t public shares define the polynomial; every other share and X must agree. */
  private static void checkOnOnePolynomial(
      Committee committee, SortedMap<Integer, ECPoint> shares, ECPoint groupKey) {
    List<Integer> basis = committee.parties().subList(0, committee.threshold());
    List<Long> targets = new ArrayList<>();
    targets.add(0L);
    for (int p : committee.parties().subList(committee.threshold(), committee.size())) {
      targets.add((long) p);
    }
    for (long x : targets) {
      ECPoint sum = Secp256k1.CURVE.getInfinity();
      for (int k : basis) {
        BigInteger lambda = Committee.lagrangeAt(x, k, basis, Secp256k1.Q);
        sum = sum.add(shares.get(k).multiply(lambda));
      }
      ECPoint expected = x == 0 ? groupKey : shares.get((int) x);
      if (!sum.normalize().equals(expected)) {
        throw new IllegalArgumentException(
            x == 0
                ? "public shares do not interpolate to the group public key"
                : "public share of party " + x + " is not on the shares' polynomial");
      }
    }
  }

  /** This party's index. */
  public int self() {
    return self;
  }

  /** The committee and threshold the key was generated for. */
  public Committee committee() {
    return committee;
  }

  /** This party's secret Shamir share x_i (secret: never log it). */
  public BigInteger secretShare() {
    return secretShare;
  }

  /** Public share X_j of committee member {@code party}. */
  public ECPoint publicShare(int party) {
    ECPoint p = publicShares.get(party);
    if (p == null) {
      throw new IllegalArgumentException("party " + party + " is not in the committee");
    }
    return p;
  }

  /** All public shares by party index (unmodifiable, sorted). */
  public SortedMap<Integer, ECPoint> publicShares() {
    return publicShares;
  }

  /** The group public key X. */
  public ECPoint publicKey() {
    return publicKey;
  }

  /** The Ethereum address of the group public key. */
  public EthereumAddress ethereumAddress() {
    return address;
  }

  /**
   * This party's additive share for a signing subset: λ_i·x_i mod q, so the subset's additive
   * shares sum to the group secret. The subset must hold at least t committee members including
   * this one.
   */
  public BigInteger additiveShare(Collection<Integer> signers) {
    return committee.lagrangeAtZero(self, signers).multiply(secretShare).mod(Secp256k1.Q);
  }

  /** The public counterpart λ_j·X_j of party {@code party}'s additive share in a signing subset. */
  public ECPoint additivePublicShare(int party, Collection<Integer> signers) {
    return Secp256k1.mulPublic(publicShare(party), committee.lagrangeAtZero(party, signers));
  }

  /** The versioned binary encoding (contains the secret share: store it encrypted). */
  public byte[] encode() {
    ByteWriter w = new ByteWriter().u8(VERSION).string(TAG).i32(self);
    committee.encodeTo(w);
    w.raw(Secp256k1.encodeScalar(secretShare));
    w.i32(publicShares.size());
    publicShares.values().forEach(p -> w.raw(Secp256k1.encode(p)));
    w.raw(Secp256k1.encode(publicKey));
    return w.toByteArray();
  }

  /** Decodes and fully re-validates a key share. */
  public static KeyShare decode(byte[] encoded) throws DecodingException {
    ByteReader r = new ByteReader(encoded);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown key share version " + version);
    }
    String tag = r.string(64);
    if (!TAG.equals(tag)) {
      throw new DecodingException("not a key share");
    }
    int self = r.i32();
    Committee committee = Committee.decodeFrom(r);
    BigInteger x = Secp256k1.decodeNonZeroScalar(r.raw(Secp256k1.SCALAR_BYTES));
    int count = r.i32();
    if (count != committee.size()) {
      throw new DecodingException("expected " + committee.size() + " public shares, got " + count);
    }
    Map<Integer, ECPoint> shares = new TreeMap<>();
    for (int party : committee.parties()) {
      shares.put(party, Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES)));
    }
    ECPoint publicKey = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
    r.end();
    try {
      return of(self, committee, x, shares, publicKey);
    } catch (IllegalArgumentException e) {
      throw new DecodingException("inconsistent key share: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "KeyShare[self="
        + self
        + ", threshold="
        + committee.threshold()
        + ", parties="
        + committee.parties()
        + ", address="
        + address.hex()
        + ", secretShare=<redacted>]";
  }
}
