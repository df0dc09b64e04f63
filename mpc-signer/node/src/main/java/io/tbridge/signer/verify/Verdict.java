package io.tbridge.signer.verify;

import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.eip712.Eip712Domain;
import java.util.Objects;
import java.util.OptionalLong;

/** What this node's own chain view says of a lock hint. */
public sealed interface Verdict {

  /**
   * The lock exists, final, exactly as hinted, with its tokens moved and its route as the source
   * bridge records it.
   *
   * @param onChain the lock as read from the chain
   * @param release the release that pays it out
   * @param destination the destination bridge
   * @param digest the EIP-712 digest, built here (SECURITY 25)
   * @param kept what the source bridge kept for the deposit after its fee, in source-token units
   *     (what a refund pays back)
   */
  record Verified(
      LockEvent onChain,
      Release release,
      Eip712Domain destination,
      Hash32 digest,
      java.math.BigInteger kept)
      implements Verdict {
    /** Validating constructor. */
    public Verified {
      Objects.requireNonNull(kept, "kept");
      Objects.requireNonNull(onChain, "onChain");
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(digest, "digest");
    }
  }

  /**
   * Not decidable yet (SECURITY 20: not final on this node's view; or endpoints unavailable).
   *
   * @param reason operator-facing text
   * @param blocksUntilFinal blocks still to finalize, when known
   */
  record Deferred(String reason, OptionalLong blocksUntilFinal) implements Verdict {}

  /**
   * Never signed.
   *
   * @param reason the code
   * @param detail operator-facing text
   */
  record Refused(RefusalReason reason, String detail) implements Verdict {}
}
