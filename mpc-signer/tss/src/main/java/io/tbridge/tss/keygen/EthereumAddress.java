package io.tbridge.tss.keygen;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The 20-byte Ethereum address of a secp256k1 public key: the last 20 bytes of Keccak-256 over the
 * 64-byte uncompressed point (x ‖ y). This is what {@code ecrecover} returns for a valid signature.
 */
public record EthereumAddress(byte[] bytes) {
  /** Address length in bytes. */
  public static final int BYTES = 20;

  /** Validating constructor; copies the bytes. */
  public EthereumAddress {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("an Ethereum address has 20 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** The address of public key {@code publicKey} (not the identity). */
  public static EthereumAddress of(ECPoint publicKey) {
    if (publicKey.isInfinity()) {
      throw new IllegalArgumentException("the identity point has no address");
    }
    byte[] uncompressed = publicKey.normalize().getEncoded(false);
    KeccakDigest keccak = new KeccakDigest(256);
    keccak.update(uncompressed, 1, uncompressed.length - 1);
    byte[] hash = new byte[32];
    keccak.doFinal(hash, 0);
    return new EthereumAddress(Arrays.copyOfRange(hash, 12, 32));
  }

  /** A copy of the 20 bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lower-case hex with the 0x prefix. */
  public String hex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EthereumAddress other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
