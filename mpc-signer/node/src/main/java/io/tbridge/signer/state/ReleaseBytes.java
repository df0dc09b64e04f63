package io.tbridge.signer.state;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import io.tbridge.core.Uint256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A fixed-width encoding of a {@link Release} (the ABI words of its EIP-712 struct, addresses as 20
 * bytes): one encoding per value, so stored releases compare byte for byte.
 */
final class ReleaseBytes {
  private static final int LENGTH = 32 + 20 + 32 + 20 + 20 + 32;

  private ReleaseBytes() {}

  static byte[] encode(Release r) {
    return ByteBuffer.allocate(LENGTH)
        .put(Uint256.toWord(r.srcChainId().value()))
        .put(r.srcBridge().bytes())
        .put(Uint256.toWord(r.nonce()))
        .put(r.token().bytes())
        .put(r.recipient().bytes())
        .put(Uint256.toWord(r.amount()))
        .array();
  }

  static Release decode(byte[] b) {
    if (b.length != LENGTH) {
      throw new IllegalArgumentException("stored release has " + b.length + " bytes");
    }
    BigInteger chain = Uint256.fromWord(Arrays.copyOfRange(b, 0, 32));
    return new Release(
        ChainId.of(chain.longValueExact()),
        Address.of(Arrays.copyOfRange(b, 32, 52)),
        Uint256.fromWord(Arrays.copyOfRange(b, 52, 84)),
        Address.of(Arrays.copyOfRange(b, 84, 104)),
        Address.of(Arrays.copyOfRange(b, 104, 124)),
        Uint256.fromWord(Arrays.copyOfRange(b, 124, 156)));
  }
}
