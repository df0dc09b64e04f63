package io.tbridge.signer.state;

import io.tbridge.core.Address;
import java.math.BigInteger;
import java.time.Instant;

/** What this node signed per token, for its own rolling cap. */
public interface SignedLedger {

  /** Whether {@code id} was counted already (signed before: it must not count twice). */
  boolean counted(io.tbridge.core.DepositId id);

  /** Total amount of {@code token} this node signed after {@code since}. */
  BigInteger signedSince(Address token, Instant since);
}
