package io.tbridge.tss.protocol;

/**
 * What one round of a {@link RoundBasedSession} expects from every other party: a broadcast, a
 * message addressed to this party, or both; and whether the broadcast is made reliable by an echo
 * round (see {@link EchoBroadcast}).
 *
 * @param number the round number carried in {@link ProtocolMessage#round()}
 * @param broadcast whether each other party sends one broadcast in this round
 * @param direct whether each other party sends one message addressed to this party
 * @param echoRound the round number of the echo round for this round's broadcasts, 0 for none
 */
public record RoundSpec(int number, boolean broadcast, boolean direct, int echoRound) {

  /** Validating constructor. */
  public RoundSpec {
    if (number < 1 || number > 255) {
      throw new IllegalArgumentException("round number out of range: " + number);
    }
    if (!broadcast && !direct) {
      throw new IllegalArgumentException("a round must expect a broadcast or a direct message");
    }
    if (echoRound != 0) {
      if (!broadcast) {
        throw new IllegalArgumentException("only a broadcast round can be echoed");
      }
      if (echoRound < 1 || echoRound > 255 || echoRound == number) {
        throw new IllegalArgumentException("bad echo round number: " + echoRound);
      }
    }
  }

  /** A round in which every party broadcasts one message. */
  public static RoundSpec broadcast(int number) {
    return new RoundSpec(number, true, false, 0);
  }

  /** A round in which every party sends one message to each other party. */
  public static RoundSpec direct(int number) {
    return new RoundSpec(number, false, true, 0);
  }

  /** A round with one broadcast and one direct message to each other party. */
  public static RoundSpec broadcastAndDirect(int number) {
    return new RoundSpec(number, true, true, 0);
  }

  /**
   * The same round, with its broadcasts echoed in round {@code echoRound} before the session
   * processes them.
   */
  public RoundSpec echoedIn(int echoRound) {
    return new RoundSpec(number, broadcast, direct, echoRound);
  }

  /** Whether this round's broadcasts are echoed. */
  public boolean echoed() {
    return echoRound != 0;
  }
}
