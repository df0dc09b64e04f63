package io.tbridge.signer.sign;

import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.eip712.Eip712Domain;
import java.util.Objects;

/** What the checks of one lock hint concluded: sign it, ask again later, or never. */
public sealed interface CheckOutcome {

  /**
   * Verified on this node's own chain view, within policy, and agreed durably as the one release of
   * its deposit.
   *
   * @param onChain the lock as read from the chain (not the hint)
   * @param release the release this node agreed to sign for the deposit
   * @param destination the destination bridge (EIP-712 domain)
   * @param digest the EIP-712 digest this node built itself
   */
  record Ready(LockEvent onChain, Release release, Eip712Domain destination, Hash32 digest)
      implements CheckOutcome {
    /** Validating constructor. */
    public Ready {
      Objects.requireNonNull(onChain, "onChain");
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(digest, "digest");
    }
  }

  /**
   * Not yet decidable (not final on this node's view, endpoints unavailable): check again later.
   *
   * @param reason operator-facing text
   */
  record Deferred(String reason) implements CheckOutcome {
    /** Validating constructor. */
    public Deferred {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Never signed.
   *
   * @param code a stable reason code (metric label, status detail, audit line)
   * @param detail operator-facing text
   * @param alert whether this refusal is evidence of an attack or a fault (SECURITY 18–21) that an
   *     operator must look at, rather than an ordinary policy decision
   */
  record Refused(String code, String detail, boolean alert) implements CheckOutcome {
    /** Validating constructor. */
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
