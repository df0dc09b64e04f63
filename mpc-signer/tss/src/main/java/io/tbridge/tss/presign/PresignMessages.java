package io.tbridge.tss.presign;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Payload encodings of the presigning rounds. Every payload starts with u8 version {@value
 * #VERSION} and u8 message type, then the fields in the order of the record; integers use {@link
 * ByteWriter#bigInt}, points 33-byte compressed SEC1, scalars 32 bytes. Decoding bounds every
 * integer by the security level, validates points (on the curve, not the identity) and rejects
 * trailing bytes.
 */
final class PresignMessages {
  /** Encoding version. */
  static final int VERSION = 1;

  static final int TYPE_ROUND1_BROADCAST = 1;
  static final int TYPE_ROUND1_DIRECT = 2;
  static final int TYPE_ROUND3_DIRECT = 3;
  static final int TYPE_ROUND4_BROADCAST = 4;
  static final int TYPE_ROUND4_DIRECT = 5;

  /** Size of the context digest. */
  static final int CONTEXT_BYTES = 32;

  private PresignMessages() {}

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
  }

  /** Round 4, to all: δ_i, Δ_i = k_i·Γ and S_i = χ_i·Γ. */
  record Round4Broadcast(BigInteger delta, ECPoint bigDelta, ECPoint bigS) {
    byte[] encode() {
      return header(TYPE_ROUND4_BROADCAST)
          .raw(Secp256k1.encodeScalar(delta))
          .raw(Secp256k1.encode(bigDelta))
          .raw(Secp256k1.encode(bigS))
          .toByteArray();
    }

    static Round4Broadcast decode(byte[] payload) throws DecodingException {
      ByteReader r = open(payload, TYPE_ROUND4_BROADCAST);
      BigInteger delta = Secp256k1.decodeScalar(r.raw(Secp256k1.SCALAR_BYTES));
      ECPoint bigDelta = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      ECPoint bigS = Secp256k1.decodePoint(r.raw(Secp256k1.POINT_BYTES));
      r.end();
      return new Round4Broadcast(delta, bigDelta, bigS);
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
}
