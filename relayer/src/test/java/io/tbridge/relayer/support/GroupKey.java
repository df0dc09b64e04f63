package io.tbridge.relayer.support;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.SignedRelease;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/**
 * A plain secp256k1 test key standing in for the threshold group: it signs the EIP-712 digest from
 * bridge-core, exactly what the MPC quorum will produce through the same topic.
 */
public final class GroupKey {

  private final Credentials key;

  /** A group key from a fixed private key (hex). */
  public GroupKey(String privateKeyHex) {
    this.key = Credentials.create(privateKeyHex);
  }

  /** The group address the destination bridge trusts. */
  public Address address() {
    return Address.of(key.getAddress());
  }

  /** Signs {@code payload} for {@code dstBridge} on {@code dstChain}. */
  public SignedRelease sign(long dstChain, Address dstBridge, ReleasePayload payload) {
    Eip712Domain domain = Eip712Domain.of(ChainId.of(dstChain), dstBridge);
    byte[] digest = BridgeEip712.digest(domain, payload).bytes();
    Sign.SignatureData sd = Sign.signMessage(digest, key.getEcKeyPair(), false);
    Signature65 sig =
        Signature65.of(new BigInteger(1, sd.getR()), new BigInteger(1, sd.getS()), sd.getV()[0]);
    return new SignedRelease(domain, payload, sig, SignerSet.of(1, 2));
  }

  /** A release of {@code amount} of {@code token} to {@code recipient} from a source deposit. */
  public static Release release(
      long srcChain, Address srcBridge, long nonce, Address token, Address recipient, long amount) {
    return new Release(
        ChainId.of(srcChain),
        srcBridge,
        BigInteger.valueOf(nonce),
        token,
        recipient,
        BigInteger.valueOf(amount));
  }

  /** A batch of releases for {@code dstChain}. */
  public static ReleaseBatch batch(long dstChain, List<Release> releases) {
    return ReleaseBatch.of(ChainId.of(dstChain), releases);
  }
}
