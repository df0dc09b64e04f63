package io.tbridge.relayer.submit;

import java.util.Optional;
import java.util.Set;

/** What the submitter does with a release whose call reverts. */
public enum RevertClass {
  /**
   * Someone already paid the deposit out ({@code AlreadyReleased}), or every member of a batch
   * ({@code BatchAlreadyReleased}): done once a quorum confirms, nothing to send.
   */
  ALREADY_RELEASED,
  /** A state that can change (pause, caps, liquidity): retry later with backoff. */
  RETRY_LATER,
  /** The release itself is wrong (signature, source, fields): dead-letter and alert. */
  DEAD_LETTER;

  private static final Set<String> RETRY =
      Set.of(
          "EnforcedPause",
          "CapExceeded",
          "RollingCapExceeded",
          "ERC20InsufficientBalance",
          "SafeERC20FailedOperation",
          "ReentrancyGuardReentrantCall");

  /**
   * Errors that no smaller transaction avoids: the bridge is paused, or the signature is not the
   * group's (the contract checks it before any member).
   */
  private static final Set<String> BATCH_WIDE =
      Set.of(
          "EnforcedPause",
          "ReentrancyGuardReentrantCall",
          "AlreadyReleased",
          "BatchAlreadyReleased",
          "EmptyBatch",
          "InvalidSignatureLength",
          "InvalidSignatureV",
          "InvalidSignatureS",
          "InvalidSignature",
          "SignerMismatch");

  /**
   * Whether a batch that reverted with {@code errorName} is worth splitting into single releases:
   * the error is one member's (a recipient the token refuses, a per-transfer or rolling cap, the
   * custody balance, an unconfigured token), so the others can be paid alone. An unknown or missing
   * reason is not: it may be transient, and is retried as a whole.
   */
  public static boolean splitsBatch(Optional<String> errorName) {
    return errorName.isPresent() && !BATCH_WIDE.contains(errorName.get());
  }

  /**
   * Whether {@code revertData} carries an error the bridge does not define (a selector unknown to
   * {@link io.tbridge.chain.bridge.BridgeAbi}): every error the bridge raises is known there, so
   * this one came from a member's token refusing its payout (a blocklist's custom error, {@code
   * Error(string)}, ...), and a batch with it is worth splitting. No data at all is not: it may be
   * running out of gas.
   */
  public static boolean foreignError(Optional<String> revertData) {
    return revertData.filter(d -> d.startsWith("0x") && d.length() >= 10).isPresent()
        && revertData.flatMap(io.tbridge.chain.bridge.BridgeAbi::errorName).isEmpty();
  }

  /**
   * Classifies a revert by its error name; an unknown or missing reason is retried (bounded by the
   * submitter's attempt limit) because it may be transient.
   */
  public static RevertClass of(Optional<String> errorName) {
    if (errorName.isEmpty()) {
      return RETRY_LATER;
    }
    String name = errorName.get();
    if (name.equals("AlreadyReleased") || name.equals("BatchAlreadyReleased")) {
      return ALREADY_RELEASED;
    }
    return RETRY.contains(name) ? RETRY_LATER : DEAD_LETTER;
  }
}
