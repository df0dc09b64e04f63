package io.tbridge.tss.presign;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiDec;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
import io.tbridge.tss.zk.PiMul;
import io.tbridge.tss.zk.PiMulStar;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Payload encodings of the presigning rounds. Every payload starts with u8 version {@value
 * #VERSION} and u8 message type, then the fields in the order of the record; integers use {@link
 * ByteWriter#bigInt}, points 33-byte compressed SEC1, scalars 32 bytes. Decoding bounds every
 * integer by the security level, validates points (on the curve, not the identity) and rejects
 * trailing bytes.
 */
final class PresignMessages {
  /** Encoding version (2: round 4 commits to round 3, identification round 6). */
  static final int VERSION = 2;

  static final int TYPE_ROUND1_BROADCAST = 1;
  static final int TYPE_ROUND1_DIRECT = 2;
  static final int TYPE_ROUND3_DIRECT = 3;
  static final int TYPE_ROUND4_BROADCAST = 4;
  static final int TYPE_ROUND4_DIRECT = 5;
  static final int TYPE_ROUND6_BROADCAST = 6;
  static final int TYPE_ROUND6_DIRECT = 7;

  /** Size of a round-3 digest. */
  static final int DIGEST_BYTES = 32;

  /** Domain tag of the digest over one round-3 message's ciphertexts. */
  static final String ROUND3_DIGEST_DOMAIN = "tbridge/cggmp21/presign-round3-digest/v1";

  /** Size of the context digest. */
  static final int CONTEXT_BYTES = 32;

  private PresignMessages() {}

  /** Longest {@link MtaCiphertexts} encoding at {@code level}: Γ and four ciphertexts mod N². */
  static int maxMtaCiphertextsBytes(SecurityLevel level) {
    return Secp256k1.POINT_BYTES + 4 * ByteReader.maxBigIntBytes(2 * level.paillierBits());
  }

  /**
   * Longest round-6 broadcast among {@code signers} parties: version, type, mode, count, one
   * indexed tuple per other signer, H and (mode δ, the larger) Π-mul.
   */
  static int maxRound6BroadcastBytes(SecurityLevel level, int signers) {
    return 4
        + (signers - 1) * (Integer.BYTES + maxMtaCiphertextsBytes(level))
        + ByteReader.maxBigIntBytes(2 * level.paillierBits())
        + PiMul.maxEncodedBytes(level);
  }

  /**
   * Longest round-6 direct message among {@code signers} parties with the wide Π-log* bound {@code
   * wideBits}: version, type, mode, the larger mode's proofs, count, and one indexed Π-aff-g
   * re-proof per third party. This is the presigning message that grows fastest with the subset.
   */
  static int maxRound6DirectBytes(SecurityLevel level, int signers, int wideBits) {
    int modeProofs =
        Math.max(
            PiDec.maxEncodedBytes(level),
            PiMulStar.maxEncodedBytes(level) + PiLogStar.maxEncodedBytes(level, wideBits));
    return 4 + modeProofs + (signers - 2) * (Integer.BYTES + PiAffG.maxEncodedBytes(level));
  }

  private static ByteWriter header(int type) {
    return new ByteWriter().u8(VERSION).u8(type);
  }

  private static ByteReader open(byte[] payload, int type) throws DecodingException {
    ByteReader r = new ByteReader(payload);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodingException("unknown presign message version " + version);
    }
    int actual = r.u8();
    if (actual != type) {
      throw new DecodingException("expected presign message type " + type + ", got " + actual);
    }
    return r;
  }

  /** Round 1, to all: context digest, K_i = Enc_i(k_i), G_i = Enc_i(γ_i). */
  record Round1Broadcast(byte[] context, BigInteger bigK, BigInteger bigG) {
    byte[] encode() {
      return header(TYPE_ROUND1_BROADCAST).raw(context).bigInt(bigK).bigInt(bigG).toByteArray();
    }

    static Round1Broadcast decode(byte[] payload, SecurityLevel level) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND1_BROADCAST);
      byte[] context = r.raw(CONTEXT_BYTES);
      BigInteger k = r.bigInt(2 * level.paillierBits());
      BigInteger g = r.bigInt(2 * level.paillierBits());
      r.end();
      return new Round1Broadcast(context, k, g);
    }
  }

  /** Round 1, to party j: Π-enc for K_i under j's ring-Pedersen parameters. */
  record Round1Direct(PiEnc psi0) {
    byte[] encode() {
      ByteWriter w = header(TYPE_ROUND1_DIRECT);
      psi0.encodeTo(w);
      return w.toByteArray();
    }

    static Round1Direct decode(byte[] payload, SecurityLevel level) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND1_DIRECT);
      PiEnc proof = PiEnc.decodeFrom(r, level);
      r.end();
      return new Round1Direct(proof);
    }
  }

  /**
   * Round 3 (the MtA round), to party j: Γ_i, D_{j,i}, F_{j,i}, D̂_{j,i}, F̂_{j,i}, Π-aff-g for (D,
   * F, Γ_i) and for (D̂, F̂, λ_i·X_i), and Π-log* that Γ_i = dec(G_i)·G.
   */
  record Round3Direct(
      ECPoint gammaPoint,
      BigInteger d,
      BigInteger f,
      BigInteger dHat,
      BigInteger fHat,
      PiAffG psi,
      PiAffG psiHat,
      PiLogStar psiPrime) {
    byte[] encode() {
      ByteWriter w =
          header(TYPE_ROUND3_DIRECT)
              .raw(Secp256k1.encode(gammaPoint))
              .bigInt(d)
              .bigInt(f)
              .bigInt(dHat)
              .bigInt(fHat);
      psi.encodeTo(w);
      psiHat.encodeTo(w);
      psiPrime.encodeTo(w);
      return w.toByteArray();
    }

    static Round3Direct decode(byte[] payload, SecurityLevel level) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND3_DIRECT);
      int cBits = 2 * level.paillierBits();
      ECPoint gamma = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      BigInteger d = r.bigInt(cBits);
      BigInteger f = r.bigInt(cBits);
      BigInteger dHat = r.bigInt(cBits);
      BigInteger fHat = r.bigInt(cBits);
      PiAffG psi = PiAffG.decodeFrom(r, level);
      PiAffG psiHat = PiAffG.decodeFrom(r, level);
      PiLogStar psiPrime = PiLogStar.decodeFrom(r, level);
      r.end();
      return new Round3Direct(gamma, d, f, dHat, fHat, psi, psiHat, psiPrime);
    }

    /** The part of this message the sender later publishes if identification runs. */
    MtaCiphertexts ciphertexts() {
      return new MtaCiphertexts(gammaPoint, d, f, dHat, fHat);
    }
  }

  /**
   * What party i sent party j in round 3 besides proofs: Γ_i, D_{j,i}, F_{j,i}, D̂_{j,i}, F̂_{j,i}.
   * Its digest is committed in round 4 and the tuple itself is published in round 6, so that every
   * party can rebuild the ciphertexts behind δ_j and χ_j.
   */
  record MtaCiphertexts(
      ECPoint gammaPoint, BigInteger d, BigInteger f, BigInteger dHat, BigInteger fHat) {
    void encodeTo(ByteWriter w) {
      w.raw(Secp256k1.encode(gammaPoint)).bigInt(d).bigInt(f).bigInt(dHat).bigInt(fHat);
    }

    static MtaCiphertexts decodeFrom(ByteReader r, SecurityLevel level) throws DecodingException {
      int cBits = 2 * level.paillierBits();
      ECPoint gamma = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      return new MtaCiphertexts(
          gamma, r.bigInt(cBits), r.bigInt(cBits), r.bigInt(cBits), r.bigInt(cBits));
    }

    /** SHA-256 over the domain tag, session, sender, recipient and the tuple. */
    byte[] digest(SessionId sid, int from, int to) {
      ByteWriter w =
          new ByteWriter().string(ROUND3_DIGEST_DOMAIN).bytes(sid.bytes()).i32(from).i32(to);
      encodeTo(w);
      try {
        return MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by the JDK", e);
      }
    }
  }

  /** Writes a party-indexed map as u8 count, then (i32 index, entry) in ascending index order. */
  private interface EntryWriter<T> {
    void write(ByteWriter w, T value);
  }

  /** Reads one entry of a party-indexed map. */
  private interface EntryReader<T> {
    T read(ByteReader r) throws DecodingException;
  }

  private static <T> void writeMap(ByteWriter w, SortedMap<Integer, T> map, EntryWriter<T> entry) {
    w.u8(map.size());
    for (Map.Entry<Integer, T> e : map.entrySet()) {
      w.i32(e.getKey());
      entry.write(w, e.getValue());
    }
  }

  private static <T> SortedMap<Integer, T> readMap(ByteReader r, EntryReader<T> entry)
      throws DecodingException {
    int count = r.u8();
    SortedMap<Integer, T> out = new TreeMap<>();
    int previous = 0;
    for (int i = 0; i < count; i++) {
      int party = r.i32();
      if (party <= previous || party > Committee.MAX_INDEX) {
        throw new DecodingException("party indices must be ascending in [1, 65535]");
      }
      previous = party;
      out.put(party, entry.read(r));
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private static SortedMap<Integer, byte[]> copyDigests(SortedMap<Integer, byte[]> digests) {
    SortedMap<Integer, byte[]> copy = new TreeMap<>();
    digests.forEach(
        (party, d) -> {
          if (party < 1 || party > Committee.MAX_INDEX) {
            throw new IllegalArgumentException("party index out of range: " + party);
          }
          if (d.length != DIGEST_BYTES) {
            throw new IllegalArgumentException("a round-3 digest has " + DIGEST_BYTES + " bytes");
          }
          copy.put(party, d.clone());
        });
    return Collections.unmodifiableSortedMap(copy);
  }

  /**
   * Round 4, to all (echoed in round 5): δ_i, Δ_i = k_i·Γ, S_i = χ_i·Γ and, per recipient j of
   * round 3, the digest of the {@link MtaCiphertexts} i sent j.
   */
  record Round4Broadcast(
      BigInteger delta, ECPoint bigDelta, ECPoint bigS, SortedMap<Integer, byte[]> sentDigests) {
    /** Validating constructor: digests have 32 bytes and are keyed by valid party indices. */
    Round4Broadcast {
      sentDigests = copyDigests(sentDigests);
    }

    /** The digest this party committed to for what it sent {@code recipient}, if any. */
    Optional<byte[]> digestFor(int recipient) {
      return Optional.ofNullable(sentDigests.get(recipient)).map(byte[]::clone);
    }

    byte[] encode() {
      ByteWriter w =
          header(TYPE_ROUND4_BROADCAST)
              .raw(Secp256k1.encodeScalar(delta))
              .raw(Secp256k1.encode(bigDelta))
              .raw(Secp256k1.encode(bigS));
      writeMap(w, sentDigests, ByteWriter::raw);
      return w.toByteArray();
    }

    static Round4Broadcast decode(byte[] payload) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND4_BROADCAST);
      BigInteger delta = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
      ECPoint bigDelta = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      ECPoint bigS = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      SortedMap<Integer, byte[]> digests = readMap(r, in -> in.raw(DIGEST_BYTES));
      r.end();
      return new Round4Broadcast(delta, bigDelta, bigS, digests);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Round4Broadcast b
          && delta.equals(b.delta)
          && bigDelta.equals(b.bigDelta)
          && bigS.equals(b.bigS)
          && Arrays.equals(
              sentDigests.values().toArray(byte[][]::new),
              b.sentDigests.values().toArray(byte[][]::new),
              Arrays::compare)
          && sentDigests.keySet().equals(b.sentDigests.keySet());
    }

    @Override
    public int hashCode() {
      return delta.hashCode() * 31 + bigDelta.hashCode();
    }
  }

  /** Round 4, to party j: Π-log* that Δ_i = dec(K_i)·Γ. */
  record Round4Direct(PiLogStar psiDoublePrime) {
    byte[] encode() {
      ByteWriter w = header(TYPE_ROUND4_DIRECT);
      psiDoublePrime.encodeTo(w);
      return w.toByteArray();
    }

    static Round4Direct decode(byte[] payload, SecurityLevel level) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND4_DIRECT);
      PiLogStar proof = PiLogStar.decodeFrom(r, level);
      r.end();
      return new Round4Direct(proof);
    }
  }

  /** Which failed check the identification round explains. */
  enum Identification {
    /** δ·G ≠ ΣΔ_j: each party proves δ_i with Π-mul and Π-dec. */
    DELTA(1),
    /** ΣS_j ≠ δ·X: each party proves S_i with Π-mul* and a wide Π-log*. */
    CHI(2);

    final int code;

    Identification(int code) {
      this.code = code;
    }

    static Identification decode(int code) throws DecodingException {
      for (Identification m : values()) {
        if (m.code == code) {
          return m;
        }
      }
      throw new DecodingException("unknown identification mode " + code);
    }
  }

  /**
   * Round 6, to all (echoed in round 7), only after a failed output check: the mode, every {@link
   * MtaCiphertexts} i sent in round 3 (keyed by recipient), and H_i = Enc_i(k_i·γ_i) with its Π-mul
   * proof (mode δ) or Ĥ_i = Enc_i(k_i·x'_i) (mode χ; its Π-mul* goes to each verifier directly).
   */
  record Round6Broadcast(
      Identification mode,
      SortedMap<Integer, MtaCiphertexts> sent,
      BigInteger product,
      Optional<PiMul> productProof) {
    /** Validating constructor: Π-mul is present exactly in mode δ. */
    Round6Broadcast {
      if (productProof.isPresent() != (mode == Identification.DELTA)) {
        throw new IllegalArgumentException("Π-mul comes with mode δ and only with it");
      }
      sent = Collections.unmodifiableSortedMap(new TreeMap<>(sent));
    }

    byte[] encode() {
      ByteWriter w = header(TYPE_ROUND6_BROADCAST).u8(mode.code);
      writeMap(w, sent, (out, c) -> c.encodeTo(out));
      w.bigInt(product);
      productProof.ifPresent(p -> p.encodeTo(w));
      return w.toByteArray();
    }

    static Round6Broadcast decode(byte[] payload, SecurityLevel level) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND6_BROADCAST);
      Identification mode = Identification.decode(r.u8());
      SortedMap<Integer, MtaCiphertexts> sent =
          readMap(r, in -> MtaCiphertexts.decodeFrom(in, level));
      BigInteger product = r.bigInt(2 * level.paillierBits());
      Optional<PiMul> proof =
          mode == Identification.DELTA ? Optional.of(PiMul.decodeFrom(r, level)) : Optional.empty();
      r.end();
      return new Round6Broadcast(mode, sent, product, proof);
    }
  }

  /**
   * Round 6, to party l: in mode δ, Π-dec that U_i decrypts to δ_i; in mode χ, Π-mul* for Ĥ_i and
   * the wide Π-log* that Û_i decrypts to the discrete log of S_i to base Γ. In both modes, for
   * every other party m, a Π-aff-g re-proof (under l's parameters) of the MtA tuple i sent m.
   */
  record Round6Direct(
      Identification mode,
      Optional<PiDec> dec,
      Optional<PiMulStar> mulStar,
      Optional<PiLogStar> wideLog,
      SortedMap<Integer, PiAffG> reproofs) {
    /** Validating constructor: exactly the proofs of the mode are present. */
    Round6Direct {
      boolean delta = mode == Identification.DELTA;
      if (dec.isPresent() != delta
          || mulStar.isPresent() == delta
          || wideLog.isPresent() == delta) {
        throw new IllegalArgumentException("the proofs do not match the identification mode");
      }
      reproofs = Collections.unmodifiableSortedMap(new TreeMap<>(reproofs));
    }

    byte[] encode() {
      ByteWriter w = header(TYPE_ROUND6_DIRECT).u8(mode.code);
      dec.ifPresent(p -> p.encodeTo(w));
      mulStar.ifPresent(p -> p.encodeTo(w));
      wideLog.ifPresent(p -> p.encodeTo(w));
      writeMap(w, reproofs, (out, p) -> p.encodeTo(out));
      return w.toByteArray();
    }

    /** Decodes; {@code wideBits} is the plaintext bound of the wide Π-log*, a protocol constant. */
    static Round6Direct decode(byte[] payload, SecurityLevel level, int wideBits)
        throws DecodingException {
      if (wideBits < level.ell() || wideBits > PiLogStar.maxPlaintextBits(level)) {
        throw new DecodingException("no identification round at the " + level.name() + " level");
      }
      ByteReader r = open(payload, TYPE_ROUND6_DIRECT);
      Identification mode = Identification.decode(r.u8());
      Optional<PiDec> dec = Optional.empty();
      Optional<PiMulStar> mulStar = Optional.empty();
      Optional<PiLogStar> wideLog = Optional.empty();
      if (mode == Identification.DELTA) {
        dec = Optional.of(PiDec.decodeFrom(r, level));
      } else {
        mulStar = Optional.of(PiMulStar.decodeFrom(r, level));
        wideLog = Optional.of(PiLogStar.decodeFrom(r, level, wideBits));
      }
      SortedMap<Integer, PiAffG> reproofs = readMap(r, in -> PiAffG.decodeFrom(in, level));
      r.end();
      return new Round6Direct(mode, dec, mulStar, wideLog, reproofs);
    }
  }
}
