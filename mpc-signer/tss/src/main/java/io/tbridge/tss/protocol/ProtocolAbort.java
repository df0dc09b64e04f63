package io.tbridge.tss.protocol;

import java.util.OptionalInt;

/**
 * A session ended because a check failed. It names the party whose message failed the check
 * (identifiable abort) and the check, and is final: the session object refuses further input and
 * its nonces or presignature are never used again. The message never contains secrets.
 */
public final class ProtocolAbort extends Exception {
  private static final long serialVersionUID = 1L;

  private final SessionId sessionId;
  private final int culprit;
  private final String check;
  private final int disputedRound;

  /**
   * Creates an abort blaming {@code culprit}.
   *
   * @param sessionId the session that ends
   * @param culprit the party index whose message failed the check, or 0 when nobody can be blamed
   *     (for example a local fault)
   * @param check a short stable name of the failed check, e.g. {@code "pi-fac"}
   * @param detail what exactly was wrong (no secret values)
   */
  public ProtocolAbort(SessionId sessionId, int culprit, String check, String detail) {
    this(sessionId, culprit, check, detail, 0);
  }

  /**
   * An abort whose cause is {@code culprit}'s direct message of {@code disputedRound} (0: none).
   */
  ProtocolAbort(SessionId sessionId, int culprit, String check, String detail, int disputedRound) {
    super(
        "session "
            + sessionId.hex()
            + " aborted: "
            + (culprit > 0 ? "party " + culprit : "no attributable party")
            + " failed check "
            + check
            + ": "
            + detail);
    this.sessionId = sessionId;
    this.culprit = culprit;
    this.check = check;
    this.disputedRound = disputedRound;
  }

  /** The round of the culprit's direct message that failed the check, 0 if not a direct message. */
  int disputedRound() {
    return disputedRound;
  }

  /** The session that ended. */
  public SessionId sessionId() {
    return sessionId;
  }

  /** The party to blame, if one can be named. */
  public OptionalInt culprit() {
    return culprit > 0 ? OptionalInt.of(culprit) : OptionalInt.empty();
  }

  /** The stable name of the failed check. */
  public String check() {
    return check;
  }
}
