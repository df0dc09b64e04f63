package io.tbridge.tss.protocol;

import java.util.List;
import java.util.Map;

/**
 * The messages of one completed round, one per other party and kind. Payloads are raw bytes: the
 * protocol decodes them and blames the sender for anything malformed.
 */
public final class RoundMessages {
  private final int round;
  private final List<Integer> senders;
  private final Map<Integer, byte[]> broadcasts;
  private final Map<Integer, byte[]> direct;

  RoundMessages(
      int round,
      List<Integer> senders,
      Map<Integer, byte[]> broadcasts,
      Map<Integer, byte[]> direct) {
    this.round = round;
    this.senders = List.copyOf(senders);
    this.broadcasts = Map.copyOf(broadcasts);
    this.direct = Map.copyOf(direct);
  }

  /** The round number. */
  public int round() {
    return round;
  }

  /** The other parties of the session, in increasing order (each sent this round). */
  public List<Integer> senders() {
    return senders;
  }

  /** A copy of the broadcast payload of {@code sender}. */
  public byte[] broadcast(int sender) {
    return lookup(broadcasts, sender, "broadcast");
  }

  /** A copy of the payload {@code sender} addressed to this party. */
  public byte[] direct(int sender) {
    return lookup(direct, sender, "direct");
  }

  private byte[] lookup(Map<Integer, byte[]> map, int sender, String kind) {
    byte[] payload = map.get(sender);
    if (payload == null) {
      throw new IllegalArgumentException(
          "round " + round + " has no " + kind + " message from party " + sender);
    }
    return payload.clone();
  }
}
