package io.tbridge.tss.protocol;

/**
 * Remembers which session ids a party has used, so no id is run twice: a second run under the same
 * id could make honest parties reuse nonces or accept replayed messages. Sessions claim their id
 * when they are constructed. A signer node backs this with durable storage; {@link
 * InMemorySessionRegistry} serves tests and single-process use.
 */
public interface SessionRegistry {

  /**
   * Claims {@code sessionId} for {@code party}; returns false if that party already claimed it. The
   * party is part of the key so all parties of a test can share one registry.
   */
  boolean tryClaim(SessionId sessionId, int party);

  /** Claims the id or fails with an abort (check {@code "session-id-reused"}, no culprit). */
  default void claim(SessionId sessionId, int party) throws ProtocolAbort {
    if (!tryClaim(sessionId, party)) {
      throw new ProtocolAbort(
          sessionId, 0, "session-id-reused", "party " + party + " already ran this session id");
    }
  }
}
