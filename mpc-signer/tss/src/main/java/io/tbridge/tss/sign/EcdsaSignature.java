package io.tbridge.tss.sign;

import io.tbridge.tss.math.Secp256k1;
import java.math.BigInteger;

/**
 * An Ethereum-style secp256k1 signature (r, s, v): r, s ∈ [1, q), s ≤ q/2 (low-s, as EIP-2 and
 * OpenZeppelin's ECDSA require) and v ∈ {27, 28} such that {@code ecrecover(digest, v, r, s)}
 * returns the signer's address.
 *
 * @param r x(R) mod q
 * @param s the low-s signature value
 * @param v 27 + recovery id
 */
public record EcdsaSignature(BigInteger r, BigInteger s, int v) {
  private static final BigInteger HALF_Q = Secp256k1.Q.shiftRight(1);

  /** Validating constructor. */
  public EcdsaSignature {
    if (r.signum() <= 0 || r.compareTo(Secp256k1.Q) >= 0) {
      throw new IllegalArgumentException("r out of range [1, q)");
    }
    if (s.signum() <= 0 || s.compareTo(HALF_Q) > 0) {
      throw new IllegalArgumentException("s out of range [1, q/2] (high-s is refused)");
    }
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("v must be 27 or 28, got " + v);
    }
  }

  /** The recovery id v − 27 (0 or 1). */
  public int recoveryId() {
    return v - 27;
  }

  /** The 65-byte form r ‖ s ‖ v that Solidity's ECDSA.recover takes. */
  public byte[] toBytes65() {
    byte[] out = new byte[65];
    System.arraycopy(Secp256k1.encodeScalar(r), 0, out, 0, 32);
    System.arraycopy(Secp256k1.encodeScalar(s), 0, out, 32, 32);
    out[64] = (byte) v;
    return out;
  }
}
