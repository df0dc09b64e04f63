package io.tbridge.signer.policy;

/** The policy's answer for one verified lock. */
public sealed interface PolicyDecision {

  /** Within policy. */
  record Allow() implements PolicyDecision {}

  /**
   * Refused by policy.
   *
   * @param reason the code
   * @param detail operator-facing text
   */
  record Refuse(PolicyReason reason, String detail) implements PolicyDecision {}
}
