package io.tbridge.signer.topology;

/** The topology is unusable or unsafe; the message is one line naming the field, party or rule. */
public final class TopologyException extends RuntimeException {

  /** A failure described by {@code message}. */
  public TopologyException(String message) {
    super(message);
  }
}
