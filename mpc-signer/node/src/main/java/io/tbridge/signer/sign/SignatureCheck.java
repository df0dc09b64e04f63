package io.tbridge.signer.sign;

import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import io.tbridge.core.Signature65;
import io.tbridge.tss.sign.EcdsaSignature;
import java.util.Optional;

/**
 * The last check before a combined signature leaves the node: it is low-s, its v is 27 or 28, and
 * an independent ecrecover (web3j's, not the tss library's) over the digest yields the group
 * address. A signature that fails is never published: the destination contract would refuse it, and
 * publishing it would only hide a bug.
 */
public final class SignatureCheck {

  private SignatureCheck() {}

  /**
   * The signature as the contract takes it, if it verifies for {@code group} over {@code digest}.
   */
  public static Optional<Signature65> verified(
      EcdsaSignature signature, Hash32 digest, Address group) {
    Signature65 s;
    try {
      s = Signature65.of(signature.r(), signature.s(), signature.v());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return s.recoverSigner(digest).filter(group::equals).map(a -> s);
  }
}
