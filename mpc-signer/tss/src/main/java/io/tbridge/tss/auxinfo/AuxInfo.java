package io.tbridge.tss.auxinfo;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.paillier.PaillierPublicKey;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One party's output of the aux-info protocol: its own Paillier secret key, and for every party of
 * the committee (itself included) the Paillier public key and ring-Pedersen parameters, all proven
 * well formed (Π-mod, Π-fac, Π-prm) before this object was created. In CGGMP21 a party's Paillier
 * modulus is also its ring-Pedersen modulus.
 *
 * <p>Encoding (version {@value #VERSION}; it contains the secret key, so store it encrypted): u8
 * version, string magic {@value #MAGIC}, string security-level name, i32 self, committee
 * (threshold, count, indices), bigInt p, bigInt q, then for each committee member in increasing
 * order bigInt N, bigInt s, bigInt t.
 */
public final class AuxInfo {
  /** Encoding version written first; decoding refuses any other. */
  public static final int VERSION = 1;

  /** Magic string after the version, so aux info is never mistaken for other key material. */
  public static final String MAGIC = "tbridge/cggmp21/aux-info";

  private final int self;
  private final Committee committee;
  private final SecurityLevel level;
  private final PaillierSecretKey paillierKey;
  private final SortedMap<Integer, PaillierPublicKey> paillier;
  private final SortedMap<Integer, RingPedersenParams> ringPedersen;

  private AuxInfo(
      int self,
      Committee committee,
      SecurityLevel level,
      PaillierSecretKey paillierKey,
      SortedMap<Integer, PaillierPublicKey> paillier,
      SortedMap<Integer, RingPedersenParams> ringPedersen) {
    this.self = self;
    this.committee = committee;
    this.level = level;
    this.paillierKey = paillierKey;
    this.paillier = paillier;
    this.ringPedersen = ringPedersen;
  }

  /**
   * Assembles aux info, checking consistency (not the proofs: the protocol has verified those).
   * Throws IllegalArgumentException if a party is missing or extra, a modulus has the wrong size,
   * ring-Pedersen and Paillier moduli differ, two parties share a modulus, or the secret key does
   * not match this party's public key.
   */
  public static AuxInfo of(
      int self,
      Committee committee,
      SecurityLevel level,
      PaillierSecretKey paillierKey,
      Map<Integer, PaillierPublicKey> paillier,
      Map<Integer, RingPedersenParams> ringPedersen) {
    if (!committee.contains(self)) {
      throw new IllegalArgumentException("party " + self + " is not in the committee");
    }
    level.requireThreshold(committee.threshold());
    Set<Integer> members = new HashSet<>(committee.parties());
    if (!paillier.keySet().equals(members) || !ringPedersen.keySet().equals(members)) {
      throw new IllegalArgumentException(
          "need exactly one Paillier key and ring-Pedersen set per party");
    }
    Set<BigInteger> moduli = new HashSet<>();
    for (int party : committee.parties()) {
      BigInteger n = paillier.get(party).n();
      if (!level.acceptsModulusSize(n)) {
        throw new IllegalArgumentException(
            "party " + party + ": modulus is not " + level.paillierBits() + " bits");
      }
      if (!ringPedersen.get(party).n().equals(n)) {
        throw new IllegalArgumentException(
            "party " + party + ": ring-Pedersen modulus differs from the Paillier modulus");
      }
      if (!moduli.add(n)) {
        throw new IllegalArgumentException("party " + party + " repeats another party's modulus");
      }
    }
    if (!paillierKey.publicKey().equals(paillier.get(self))) {
      throw new IllegalArgumentException("secret key does not match this party's public key");
    }
    return new AuxInfo(
        self, committee, level, paillierKey, new TreeMap<>(paillier), new TreeMap<>(ringPedersen));
  }

  /** This party's index. */
  public int self() {
    return self;
  }

  /** The committee the aux info was generated for. */
  public Committee committee() {
    return committee;
  }

  /** The security level (modulus size and proof bounds). */
  public SecurityLevel level() {
    return level;
  }

  /** This party's Paillier secret key (secret). */
  public PaillierSecretKey paillierSecretKey() {
    return paillierKey;
  }

  /** The Paillier public key of {@code party}. */
  public PaillierPublicKey paillierPublicKey(int party) {
    return lookup(paillier, party);
  }

  /** The ring-Pedersen parameters of {@code party}, under which proofs for it are made. */
  public RingPedersenParams ringPedersen(int party) {
    return lookup(ringPedersen, party);
  }

  /** Every party's Paillier public key, by party index (unmodifiable, sorted). */
  public SortedMap<Integer, PaillierPublicKey> paillierPublicKeys() {
    return Collections.unmodifiableSortedMap(paillier);
  }

  /** Every party's ring-Pedersen parameters, by party index (unmodifiable, sorted). */
  public SortedMap<Integer, RingPedersenParams> ringPedersenParams() {
    return Collections.unmodifiableSortedMap(ringPedersen);
  }

  /** Versioned encoding described in the class comment (contains the secret key). */
  public byte[] encode() {
    ByteWriter w = new ByteWriter().u8(VERSION).string(MAGIC).string(level.name()).i32(self);
    committee.encodeTo(w);
    w.bigInt(paillierKey.p()).bigInt(paillierKey.q());
    for (int party : committee.parties()) {
      RingPedersenParams rp = ringPedersen.get(party);
      w.bigInt(paillier.get(party).n()).bigInt(rp.s()).bigInt(rp.t());
    }
    return w.toByteArray();
  }

  /** Decodes and validates; any problem is a {@link DecodingException}. */
  public static AuxInfo decode(byte[] encoded) throws DecodingException {
    ByteReader r = new ByteReader(encoded);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown aux-info version " + version);
    }
    if (!MAGIC.equals(r.string(64))) {
      throw new DecodingException("not aux info (bad magic)");
    }
    String levelName = r.string(64);
    SecurityLevel level =
        SecurityLevel.byName(levelName)
            .orElseThrow(() -> new DecodingException("unknown security level " + levelName));
    int self = r.i32();
    Committee committee = Committee.decodeFrom(r);
    int bits = level.paillierBits();
    BigInteger p = r.bigInt(level.primeBits());
    BigInteger q = r.bigInt(level.primeBits());
    if (p.signum() <= 0 || q.signum() <= 0) {
      throw new DecodingException("Paillier primes must be positive");
    }
    Map<Integer, PaillierPublicKey> paillier = new TreeMap<>();
    Map<Integer, RingPedersenParams> ringPedersen = new TreeMap<>();
    try {
      for (int party : committee.parties()) {
        BigInteger n = r.bigInt(bits);
        BigInteger s = r.bigInt(bits);
        BigInteger t = r.bigInt(bits);
        paillier.put(party, PaillierPublicKey.of(n));
        ringPedersen.put(party, new RingPedersenParams(n, s, t));
      }
      r.end();
      return of(self, committee, level, PaillierSecretKey.of(p, q), paillier, ringPedersen);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new DecodingException("invalid aux info: " + e.getMessage());
    }
  }

  private static <V> V lookup(Map<Integer, V> map, int party) {
    V value = map.get(party);
    if (value == null) {
      throw new IllegalArgumentException("party " + party + " is not in the committee");
    }
    return value;
  }

  @Override
  public String toString() {
    return "AuxInfo[self="
        + self
        + ", parties="
        + committee.parties()
        + ", level="
        + level.name()
        + ", paillierKey=<redacted>]";
  }
}
