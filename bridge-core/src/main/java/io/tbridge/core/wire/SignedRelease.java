package io.tbridge.core.wire;

import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import java.util.Objects;

/**
 * A release (or batch) with the group's signature over its EIP-712 digest for one destination
 * bridge, as published on {@code bridge.signed.v1}. The submitter still lets the contract be the
 * judge: nothing here proves the signature is the group's.
 *
 * @param destination destination chain and bridge (the EIP-712 domain)
 * @param payload what was signed
 * @param signature the combined 65-byte signature
 * @param signers the parties whose shares produced it
 */
public record SignedRelease(
    Eip712Domain destination, ReleasePayload payload, Signature65 signature, SignerSet signers) {

  /** Validates presence and that the payload can be paid out on the destination chain. */
  public SignedRelease {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signers, "signers");
    // digest() refuses a batch for another chain and a release from the destination chain.
    BridgeEip712.digest(destination, payload);
  }

  /** The EIP-712 digest the signature is over. */
  public Hash32 digest() {
    return BridgeEip712.digest(destination, payload);
  }

  /**
   * The Kafka key: the deposit id of a single release, or for a batch its EIP-712 struct hash
   * (which changes with any member or their order).
   */
  public Hash32 key() {
    if (payload instanceof Release release) {
      return release.depositId().value();
    }
    return BridgeEip712.structHash((ReleaseBatch) payload);
  }
}
