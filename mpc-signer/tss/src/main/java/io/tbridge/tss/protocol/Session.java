package io.tbridge.tss.protocol;

import java.util.List;
import java.util.Optional;

/**
 * One party's side of one protocol run. Transport-agnostic: the caller delivers every message
 * addressed to this party (in any order, duplicates allowed) and sends whatever comes back, until
 * {@link #result()} is present. Any failed check throws {@link ProtocolAbort}; after that the
 * session is dead and refuses all input.
 *
 * @param <R> what the protocol produces (a key share, aux info, a presignature, a signature)
 */
public interface Session<R> {

  /** The session id every message must carry. */
  SessionId sessionId();

  /** This party's index. */
  int self();

  /** The messages of the first round. Call once. */
  List<ProtocolMessage> start() throws ProtocolAbort;

  /**
   * Processes one incoming message and returns the messages it triggers (often none until a round
   * is complete). A message from the wrong session, for another recipient, or a second different
   * message for the same round and sender aborts; one from a party outside this run is dropped.
   */
  List<ProtocolMessage> handle(ProtocolMessage message) throws ProtocolAbort;

  /** The output once the protocol has finished successfully. */
  Optional<R> result();
}
