package io.tbridge.core.wire;

import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Refund;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import java.util.Objects;

/**
 * A refund with the group's signature over its EIP-712 digest for the source bridge, as published
 * on {@code bridge.refunds.v1}: anyone may send it to the source bridge's {@code refund}. As with a
 * signed release, nothing here proves the signature is the group's; the contract is the judge.
 *
 * @param source the source chain and bridge (the EIP-712 domain), where the refund is paid
 * @param refund what was signed
 * @param signature the combined 65-byte signature
 * @param signers the parties whose shares produced it
 */
public record SignedRefund(
    Eip712Domain source, Refund refund, Signature65 signature, SignerSet signers) {

  /** Validates presence and that the refund can be paid on the source chain. */
  public SignedRefund {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(refund, "refund");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signers, "signers");
    // digest() refuses a refund whose voiding destination is the source chain itself.
    BridgeEip712.digest(source, refund);
  }

  /** The EIP-712 digest the signature is over. */
  public Hash32 digest() {
    return BridgeEip712.digest(source, refund);
  }

  /** The refunded deposit: locked on {@code source} with the refund's nonce. */
  public DepositId depositId() {
    return DepositId.of(source.chainId(), source.verifyingContract(), refund.nonce());
  }
}
