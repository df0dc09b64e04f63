package io.tbridge.signer.sign;

import io.tbridge.core.LockEvent;
import io.tbridge.signer.policy.PolicyDecision;
import io.tbridge.signer.policy.SigningPolicy;
import io.tbridge.signer.state.SignerState;
import io.tbridge.signer.verify.LockVerifier;
import io.tbridge.signer.verify.Verdict;
import java.time.Clock;
import java.time.Instant;

/**
 * The three checks between a lock hint and a signing session, in order: the lock as this node's own
 * endpoints show it (the hint is only a pointer), the node's own policy, and the durable agreement
 * that this is the one release of its deposit (SECURITY 21). Only a {@link CheckOutcome.Ready} may
 * reach a session; its digest was built here, never taken from a message (SECURITY 25).
 */
public final class DepositCheck {

  private final LockVerifier verifier;
  private final SigningPolicy policy;
  private final SignerState state;
  private final Clock clock;

  /** Checks with this node's verifier, policy and state. */
  public DepositCheck(LockVerifier verifier, SigningPolicy policy, SignerState state, Clock clock) {
    this.verifier = verifier;
    this.policy = policy;
    this.state = state;
    this.clock = clock;
  }

  /**
   * Runs the checks for {@code hint}. Synchronized: policy caps and agreements are decided one at a
   * time.
   */
  public synchronized CheckOutcome check(LockEvent hint) {
    Verdict verdict = verifier.verify(hint);
    if (verdict instanceof Verdict.Deferred d) {
      return new CheckOutcome.Deferred(d.reason());
    }
    if (verdict instanceof Verdict.Refused r) {
      return new CheckOutcome.Refused(r.reason().name(), r.detail(), true);
    }
    Verdict.Verified v = (Verdict.Verified) verdict;
    Instant now = clock.instant();
    PolicyDecision decision = policy.check(v, now);
    if (decision instanceof PolicyDecision.Refuse r) {
      return new CheckOutcome.Refused(r.reason().name(), r.detail(), false);
    }
    var agreement = state.agree(v.release().depositId(), v.release(), v.digest(), now);
    if (agreement.isConflict()) {
      return new CheckOutcome.Refused(
          "CONFLICTING_PAYLOAD",
          "deposit "
              + v.release().depositId()
              + " was already agreed with another release; refusing this one",
          true);
    }
    return new CheckOutcome.Ready(v.onChain(), v.release(), v.destination(), v.digest());
  }
}
