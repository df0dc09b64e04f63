package io.tbridge.tss.channel;

import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SignedMessage;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@link SecureChannel#open} made of some bytes from the wire: either the authenticated (and,
 * for a direct message, decrypted) protocol message, or a rejection with its reason. Expected
 * failures are values, not exceptions, because a consumer of a shared topic sees garbage, replays
 * and other parties' mail as a matter of course.
 */
public sealed interface Opened permits Opened.Message, Opened.Rejected {

  /**
   * An authentic message: signed by the identity of its {@code from} party and, if direct,
   * addressed to this party and decrypted, with the sender's valid origin signature. Feed {@link
   * #signed()} to the session it names.
   *
   * @param signed the protocol message with its origin signature
   */
  record Message(SignedMessage signed) implements Opened {
    /** Validating constructor. */
    public Message {
      Objects.requireNonNull(signed, "signed");
    }

    /** The protocol message. */
    public ProtocolMessage message() {
      return signed.message();
    }
  }

  /**
   * The bytes were not accepted.
   *
   * @param reason why
   * @param culprit the committee member provably responsible; present exactly when {@link
   *     Reason#namesSender()} holds, i.e. when the rejected bytes carry that member's valid
   *     signature
   * @param detail a short human-readable explanation, never containing secret or plaintext bytes
   */
  record Rejected(Reason reason, OptionalInt culprit, String detail) implements Opened {
    /** Validating constructor: a culprit exactly for the reasons that can name one. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(culprit, "culprit");
      Objects.requireNonNull(detail, "detail");
      if (culprit.isPresent() != reason.namesSender()) {
        throw new IllegalArgumentException(
            "reason "
                + reason.code()
                + (reason.namesSender() ? " needs" : " cannot have")
                + " a culprit");
      }
    }
  }

  /**
   * Why bytes were rejected. Only a rejection of a validly signed envelope can name a culprit: the
   * signature is what ties the bytes to a committee member.
   */
  enum Reason {
    /** The first byte is not a version this code reads (unauthenticated; no culprit). */
    UNKNOWN_VERSION("unknown-version", false),
    /** The bytes are not a well-formed envelope (unauthenticated; no culprit). */
    MALFORMED("malformed-envelope", false),
    /** The claimed sender is not in the committee (no culprit: anyone can write that field). */
    UNKNOWN_SENDER("unknown-sender", false),
    /**
     * The signature does not verify under the claimed sender's key: forged, tampered or corrupted
     * in transit. Proves nothing about the claimed sender, so no culprit.
     */
    BAD_SIGNATURE("bad-signature", false),
    /**
     * A validly signed direct message for another party: normal on a shared topic, ignore it
     * silently (this party could not decrypt it anyway).
     */
    NOT_FOR_THIS_PARTY("not-for-this-party", false),
    /**
     * A validly signed message of another session than the one expected: a replay (anyone can
     * replay what the sender once sent), so no culprit.
     */
    WRONG_SESSION("wrong-session", false),
    /**
     * A validly signed header that no honest sealer writes (e.g. round 0, a recipient outside the
     * committee, a non-canonical ephemeral key): the signer is the culprit.
     */
    INVALID_HEADER("invalid-signed-header", true),
    /**
     * A validly signed direct message for this party that does not decrypt: the signer is the
     * culprit (or its view of this party's public identity differs from the ceremony's).
     */
    UNDECRYPTABLE("undecryptable", true),
    /**
     * A validly signed envelope whose content lacks the sender's valid origin signature of the
     * plaintext: no honest sealer writes it, so the signer is the culprit.
     */
    BAD_ORIGIN_SIGNATURE("bad-origin-signature", true);

    private final String code;
    private final boolean namesSender;

    Reason(String code, boolean namesSender) {
      this.code = code;
      this.namesSender = namesSender;
    }

    /** A short stable name, for dead-letter records and metrics. */
    public String code() {
      return code;
    }

    /** Whether this rejection names the (authenticated) sender as culprit. */
    public boolean namesSender() {
      return namesSender;
    }
  }
}
