package io.tbridge.tss.sign;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An independent ecrecover for tests, written from the yellow paper's definition with Bouncy
 * Castle's curve arithmetic only (none of the library's own helpers): given (v, r, s) and the
 * digest, rebuild R from x = r and the parity v − 27, compute Q = r⁻¹·(s·R − z·G) and return the
 * last 20 bytes of Keccak-256 of Q's 64-byte encoding.
 */
public final class EcRecover {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  private EcRecover() {}

  /** The recovered address, or empty bytes if (v, r, s) is not a valid recoverable signature. */
  public static byte[] address(byte[] digest, int v, BigInteger r, BigInteger s) {
    BigInteger n = CURVE.getN();
    if (v != 27 && v != 28 || r.signum() <= 0 || r.compareTo(n) >= 0) {
      return new byte[0];
    }
    if (s.signum() <= 0 || s.compareTo(n) >= 0) {
      return new byte[0];
    }
    byte[] encodedR = new byte[33];
    encodedR[0] = (byte) (v == 28 ? 3 : 2);
    byte[] rb = r.toByteArray();
    int len = Math.min(rb.length, 32);
    System.arraycopy(rb, rb.length - len, encodedR, 33 - len, len);
    ECPoint bigR;
    try {
      bigR = CURVE.getCurve().decodePoint(encodedR);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
    BigInteger z = new BigInteger(1, digest);
    BigInteger rInv = r.modInverse(n);
    ECPoint q =
        bigR.multiply(s.multiply(rInv).mod(n))
            .subtract(CURVE.getG().multiply(z.multiply(rInv).mod(n)))
            .normalize();
    if (q.isInfinity()) {
      return new byte[0];
    }
    byte[] xy = q.getEncoded(false);
    KeccakDigest keccak = new KeccakDigest(256);
    keccak.update(xy, 1, 64);
    byte[] hash = new byte[32];
    keccak.doFinal(hash, 0);
    return Arrays.copyOfRange(hash, 12, 32);
  }
}
