package io.tbridge.tss.testing;

import io.tbridge.tss.channel.Opened;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.protocol.Complaint;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SignedMessage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.Assertions;

/** Cheaters and assertions for complaint tests over sealed messages. */
public final class Complaints {
  private Complaints() {}

  /**
   * Plays a sender that changes its round-{@code round} direct message to {@code victim} only
   * (signing the changed message, as a cheater can), leaving every other message alone.
   */
  public static LocalNetwork.Interceptor corruptDirect(
      int cheater, int round, int victim, UnaryOperator<byte[]> change) {
    return (m, to) ->
        m.from() == cheater && m.round() == round && !m.isBroadcast() && to == victim
            ? List.of(
                ProtocolMessage.direct(
                    m.sessionId(), round, cheater, victim, change.apply(m.payload())))
            : List.of(m);
  }

  /**
   * Plays a complainer that, instead of its messages after round {@code round}, publishes a
   * complaint about {@code accused}'s honest, validly signed round-{@code round} direct message to
   * it, claiming {@code check} failed.
   */
  public static LocalNetwork.Interceptor falseComplaint(
      Map<Integer, SecureChannel> channels, int complainer, int accused, int round, String check) {
    Map<Integer, Complaint> evidence = new java.util.concurrent.ConcurrentHashMap<>();
    return (m, to) -> {
      if (m.from() == accused && m.round() == round && !m.isBroadcast() && to == complainer) {
        SignedMessage signed =
            ((Opened.Message) channels.get(complainer).open(channels.get(accused).seal(m)))
                .signed();
        evidence.put(0, new Complaint(round, accused, m.payload(), signed.signature(), check));
        return List.of(m);
      }
      if (m.from() == complainer && m.round() > round && m.round() < Complaint.ROUND) {
        Complaint c = evidence.get(0);
        return List.of(
            ProtocolMessage.broadcast(m.sessionId(), Complaint.ROUND, complainer, c.encode()));
      }
      return List.of(m);
    };
  }

  /** Every party in {@code honest} aborted naming {@code culprit}. */
  public static void assertAllName(
      LocalNetwork.Outcome<?> outcome, Collection<Integer> honest, int culprit) {
    for (int p : honest) {
      ProtocolAbort a = outcome.aborts().get(p);
      Assertions.assertThat(a).as("verdict of party %d", p).isNotNull();
      Assertions.assertThat(a.culprit())
          .as("culprit named by party %d: %s", p, a)
          .hasValue(culprit);
    }
  }
}
