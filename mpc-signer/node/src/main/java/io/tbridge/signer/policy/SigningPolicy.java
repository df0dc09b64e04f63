package io.tbridge.signer.policy;

import io.tbridge.core.Address;
import io.tbridge.core.Release;
import io.tbridge.signer.state.SignedLedger;
import io.tbridge.signer.verify.Verdict;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * This node's own limits, checked after verification and independent of the contract's: only listed
 * destination tokens, a per-transfer cap and a rolling 24 h cap per token (over what this node
 * signed, from its durable ledger), and a denylist of senders and recipients.
 */
public final class SigningPolicy {

  private static final Duration DAY = Duration.ofHours(24);

  private final Map<Address, TokenLimit> tokens;
  private final SignedLedger ledger;
  private final Denylist denylist;

  /** A policy with {@code tokens} (the allowlist and its limits). */
  public SigningPolicy(Map<Address, TokenLimit> tokens, SignedLedger ledger, Denylist denylist) {
    this.tokens = Map.copyOf(tokens);
    this.ledger = ledger;
    this.denylist = denylist;
  }

  /** The decision for {@code v} at {@code now}. */
  public PolicyDecision check(Verdict.Verified v, Instant now) {
    Release r = v.release();
    TokenLimit limit = tokens.get(r.token());
    if (limit == null) {
      return refuse(
          PolicyReason.TOKEN_NOT_ALLOWED, "token " + r.token() + " is not on this signer's list");
    }
    if (r.amount().compareTo(limit.maxPerTransfer()) > 0) {
      return refuse(
          PolicyReason.OVER_TRANSFER_CAP,
          r.amount() + " exceeds the per-transfer cap " + limit.maxPerTransfer());
    }
    if (!ledger.counted(r.depositId())) {
      BigInteger signed = ledger.signedSince(r.token(), now.minus(DAY));
      if (signed.add(r.amount()).compareTo(limit.dailyCap()) > 0) {
        return refuse(
            PolicyReason.OVER_DAILY_CAP,
            "signed "
                + signed
                + " in 24 h; "
                + r.amount()
                + " more exceeds the cap "
                + limit.dailyCap());
      }
    }
    if (denylist.denies(v.onChain().sender())) {
      return refuse(PolicyReason.SENDER_DENIED, "sender " + v.onChain().sender() + " is denied");
    }
    if (denylist.denies(r.recipient())) {
      return refuse(PolicyReason.RECIPIENT_DENIED, "recipient " + r.recipient() + " is denied");
    }
    return new PolicyDecision.Allow();
  }

  /** The denylist (for health). */
  public Denylist denylist() {
    return denylist;
  }

  private static PolicyDecision refuse(PolicyReason reason, String detail) {
    return new PolicyDecision.Refuse(reason, detail);
  }
}
