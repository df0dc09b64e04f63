package io.tbridge.signer.refund;

import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Refund;
import io.tbridge.core.eip712.Eip712Domain;
import java.util.Objects;

/** What the checks of one void concluded: sign its refund, look again later, or never. */
sealed interface RefundOutcome {

  /**
   * The void is final, its deposit's lock verified on the source, and this refund agreed durably.
   *
   * @param depositId the voided deposit
   * @param refund the refund, built here from chain data
   * @param source the source bridge (the EIP-712 domain, where the refund is paid)
   * @param digest the EIP-712 digest, built here
   */
  record Ready(DepositId depositId, Refund refund, Eip712Domain source, Hash32 digest)
      implements RefundOutcome {
    /** Validating constructor. */
    public Ready {
      Objects.requireNonNull(depositId, "depositId");
      Objects.requireNonNull(refund, "refund");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(digest, "digest");
    }
  }

  /**
   * Not decidable yet (endpoints unavailable, the lock not final here).
   *
   * @param reason operator-facing text
   */
  record Deferred(String reason) implements RefundOutcome {}

  /**
   * Never signed.
   *
   * @param code a stable reason code
   * @param detail operator-facing text
   * @param alert whether an operator must look at it (evidence of a fault or an attack)
   */
  record Refused(String code, String detail, boolean alert) implements RefundOutcome {}

  /**
   * Needs nothing from this node: already refunded on the source.
   *
   * @param why operator-facing text
   */
  record Settled(String why) implements RefundOutcome {}
}
