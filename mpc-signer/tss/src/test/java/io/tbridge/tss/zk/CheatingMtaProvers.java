package io.tbridge.tss.zk;

import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.transcript.Transcript;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Provers that follow Π-enc and Π-log* step by step but skip the range check on the witness, so a
 * test can see what a verifier does with a plaintext outside ±2^ℓ. The transcripts mirror the real
 * provers exactly; only the witness differs.
 */
final class CheatingMtaProvers {
  private CheatingMtaProvers() {}

  /** Π-enc for an arbitrary plaintext k. */
  static PiEnc piEnc(
      SessionId sid,
      int prover,
      int verifier,
      PaillierMath key,
      BigInteger ciphertext,
      BigInteger k,
      BigInteger rho,
      RingPedersenParams rp,
      SecurityLevel level,
      SecureRandom random) {
    ZkChecks.EncMasks m =
        ZkChecks.EncMasks.sample(level.ell(), level.epsilon(), rp.n(), key.n(), random);
    BigInteger alpha = m.alpha();
    BigInteger mu = m.mu();
    BigInteger r = m.r();
    BigInteger gamma = m.gamma();
    BigInteger s = rp.commit(k, mu);
    BigInteger a = key.encrypt(alpha, r);
    BigInteger c = rp.commit(alpha, gamma);
    Transcript t =
        Transcript.start(PiEnc.DOMAIN, sid.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", key.n())
            .append("K", ciphertext);
    ZkChecks.appendRingPedersen(t, rp).append("S", s).append("A", a).append("C", c);
    BigInteger e = ZkRanges.challengePlusMinusQ(t);
    return new PiEnc(
        s,
        a,
        c,
        alpha.add(e.multiply(k)),
        r.multiply(key.powModN(rho, e)).mod(key.n()),
        gamma.add(e.multiply(mu)));
  }

  /** Π-log* for an arbitrary plaintext x with X = x·g. */
  static PiLogStar piLogStar(
      SessionId sid,
      int prover,
      int verifier,
      PaillierMath key,
      BigInteger ciphertext,
      ECPoint base,
      ECPoint point,
      BigInteger x,
      BigInteger rho,
      RingPedersenParams rp,
      SecurityLevel level,
      SecureRandom random) {
    return piLogStar(
        sid,
        prover,
        verifier,
        key,
        ciphertext,
        base,
        point,
        level.ell(),
        x,
        rho,
        rp,
        level,
        random);
  }

  /** Wide Π-log* (masks and transcript for the bound yBits) for an arbitrary plaintext x. */
  static PiLogStar piLogStar(
      SessionId sid,
      int prover,
      int verifier,
      PaillierMath key,
      BigInteger ciphertext,
      ECPoint base,
      ECPoint point,
      int yBits,
      BigInteger x,
      BigInteger rho,
      RingPedersenParams rp,
      SecurityLevel level,
      SecureRandom random) {
    ZkChecks.EncMasks m = ZkChecks.EncMasks.sample(yBits, level.epsilon(), rp.n(), key.n(), random);
    BigInteger alpha = m.alpha();
    BigInteger mu = m.mu();
    BigInteger r = m.r();
    BigInteger gamma = m.gamma();
    BigInteger s = rp.commit(x, mu);
    BigInteger a = key.encrypt(alpha, r);
    ECPoint y = Secp256k1.mul(base, alpha);
    BigInteger d = rp.commit(alpha, gamma);
    Transcript t =
        Transcript.start(PiLogStar.DOMAIN, sid.bytes(), prover)
            .append("verifier", verifier)
            .append("N0", key.n())
            .append("C", ciphertext)
            .append("g", Secp256k1.encode(base))
            .append("X", Secp256k1.encode(point));
    if (yBits != level.ell()) {
      t.append("yBits", yBits);
    }
    ZkChecks.appendRingPedersen(t, rp)
        .append("S", s)
        .append("A", a)
        .append("Y", Secp256k1.encode(y))
        .append("D", d);
    BigInteger e = ZkRanges.challengePlusMinusQ(t);
    return new PiLogStar(
        s,
        a,
        y,
        d,
        alpha.add(e.multiply(x)),
        r.multiply(key.powModN(rho, e)).mod(key.n()),
        gamma.add(e.multiply(mu)));
  }
}
