package io.tbridge.tss.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoundBasedSessionTest {
  private static final SessionId SID = KeygenFixture.sessionId("toy", 1);

  /**
   * A two-round toy protocol: round 1 broadcasts a value (echoed in round 2); round 3 sends each
   * other party value·recipient directly; the result is the sum of all values.
   */
  static final class ToySession extends RoundBasedSession<Long> {
    private final long value;
    private final Map<Integer, Long> values = new TreeMap<>();

    ToySession(SessionId sid, int self, List<Integer> parties, long value, SessionRegistry reg)
        throws ProtocolAbort {
      super(
          sid,
          self,
          parties,
          List.of(RoundSpec.broadcast(1).echoedIn(2), RoundSpec.direct(3)),
          reg);
      this.value = value;
    }

    @Override
    protected List<ProtocolMessage> firstRound() {
      values.put(self(), value);
      return List.of(broadcast(1, encode(value)));
    }

    @Override
    protected List<ProtocolMessage> onRound(RoundMessages m) throws ProtocolAbort {
      if (m.round() == 1) {
        for (int j : m.senders()) {
          values.put(j, decode(j, m.broadcast(j)));
        }
        List<ProtocolMessage> out = new ArrayList<>();
        for (int j : others()) {
          out.add(direct(3, j, encode(value * j)));
        }
        return out;
      }
      for (int j : m.senders()) {
        if (decode(j, m.direct(j)) != values.get(j) * self()) {
          throw abort(j, "toy-check", "direct value inconsistent with broadcast");
        }
      }
      finish(values.values().stream().mapToLong(Long::longValue).sum());
      return List.of();
    }

    private long decode(int from, byte[] payload) throws ProtocolAbort {
      try {
        ByteReader r = new ByteReader(payload);
        long v = r.i64();
        r.end();
        return v;
      } catch (DecodingException e) {
        throw malformed(from, "toy value", e);
      }
    }
  }

  static byte[] encode(long v) {
    return new ByteWriter().i64(v).toByteArray();
  }

  static Map<Integer, ToySession> toys(SessionId sid, int n) throws ProtocolAbort {
    InMemorySessionRegistry reg = new InMemorySessionRegistry();
    List<Integer> parties = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      parties.add(i);
    }
    Map<Integer, ToySession> s = new TreeMap<>();
    for (int i : parties) {
      s.put(i, new ToySession(sid, i, parties, 10L * i, reg));
    }
    return s;
  }

  @Test
  void shouldFinishWithShuffledAndDuplicatedMessages() throws Exception {
    for (long seed = 0; seed < 20; seed++) {
      Map<Integer, ToySession> s = toys(SID, 4);
      LocalNetwork.Outcome<Long> out = LocalNetwork.run(s, seed);
      assertThat(out.aborts()).isEmpty();
      assertThat(out.results()).hasSize(4).allSatisfy((p, sum) -> assertThat(sum).isEqualTo(100L));
    }
  }

  @Test
  void shouldBufferMessagesArrivingBeforeStartAndBeforeTheirRound() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 2);
    ToySession one = s.get(1);
    ToySession two = s.get(2);
    // Party 2 runs ahead: its round-3 message reaches party 1 before anything else, even before
    // party 1 has started.
    List<ProtocolMessage> fromTwo = two.start();
    List<ProtocolMessage> fromOne = one.start();
    List<ProtocolMessage> twoEcho = two.handle(fromOne.get(0));
    List<ProtocolMessage> twoRound3 = two.handle(one.handle(fromTwo.get(0)).get(0));
    assertThat(twoEcho).extracting(ProtocolMessage::round).containsExactly(2);
    assertThat(twoRound3).extracting(ProtocolMessage::round).containsExactly(3);
    assertThat(one.handle(twoRound3.get(0))).isEmpty();
    assertThat(one.result()).isEmpty();
    List<ProtocolMessage> oneRound3 = one.handle(twoEcho.get(0));
    assertThat(one.result()).contains(30L);
    two.handle(oneRound3.get(0));
    assertThat(two.result()).contains(30L);
  }

  @Test
  void shouldIgnoreAnExactDuplicate() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    ProtocolMessage m = s.get(2).start().get(0);
    assertThat(s.get(1).handle(m)).isEmpty();
    assertThat(s.get(1).handle(m)).isEmpty();
    assertThat(s.get(1).failure()).isEmpty();
  }

  @Test
  void shouldAbortNamingTheSenderOfTwoDifferentMessagesForOneRound() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    s.get(1).handle(ProtocolMessage.broadcast(SID, 1, 2, encode(20)));
    assertThatThrownBy(() -> s.get(1).handle(ProtocolMessage.broadcast(SID, 1, 2, encode(21))))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertAbort(a, 2, "equivocation"));
  }

  @Test
  void shouldReportWhoseMessagesTheCurrentRoundStillLacks() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    assertThat(s.get(1).awaitedParties()).as("not started").isEmpty();
    List<ProtocolMessage> fromTwo = s.get(2).start();
    s.get(1).start();
    assertThat(s.get(1).awaitedParties()).containsExactly(2, 3);
    s.get(1).handle(fromTwo.get(0));
    assertThat(s.get(1).awaitedParties()).containsExactly(3);
    List<ProtocolMessage> fromThree = s.get(3).start();
    List<ProtocolMessage> echo = s.get(1).handle(fromThree.get(0));
    // Round 1 is complete; now the echoes (round 2) of parties 2 and 3 are awaited.
    assertThat(echo).isNotEmpty();
    assertThat(s.get(1).awaitedParties()).containsExactly(2, 3);
  }

  @Test
  void shouldEndASessionWithAnExternalVerdictThatIsFinal() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    List<ProtocolMessage> fromTwo = s.get(2).start();
    s.get(1).start();
    ProtocolAbort a = s.get(1).abortExternally(3, "deadline", "no round-1 message in 30 s");
    assertAbort(a, 3, "deadline");
    assertThat(s.get(1).failure()).contains(a);
    assertThat(s.get(1).awaitedParties()).isEmpty();
    assertThatThrownBy(() -> s.get(1).handle(fromTwo.get(0))).isSameAs(a);
    assertThat(s.get(1).abortExternally(2, "other", "later verdict")).isSameAs(a);
    assertThatThrownBy(() -> s.get(1).abortExternally(9, "deadline", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldAbortOnAMessageOfAnotherSession() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    SessionId other = KeygenFixture.sessionId("toy", 2);
    assertThatThrownBy(() -> s.get(1).handle(ProtocolMessage.broadcast(other, 1, 2, encode(20))))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertAbort(a, 0, "wrong-session"));
  }

  @Test
  void shouldDropASenderOutsideTheSessionAndStillFinish() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 2);
    ToySession one = s.get(1);
    ToySession two = s.get(2);
    List<ProtocolMessage> fromTwo = two.start();
    one.start();
    // Party 7 (say, a committee member outside this signing subset) sends a well-formed round-1
    // broadcast: it is not a party of this run, so it must not end it.
    assertThat(one.handle(ProtocolMessage.broadcast(SID, 1, 7, encode(70)))).isEmpty();
    assertThat(one.failure()).isEmpty();
    assertThat(one.dropped()).containsEntry("sender-not-in-session", 1);
    assertThat(one.handle(fromTwo.get(0))).isNotEmpty();
  }

  @Test
  void shouldAbortOnADirectMessageForAnotherParty() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    assertThatThrownBy(() -> s.get(1).handle(ProtocolMessage.direct(SID, 3, 2, 3, encode(1))))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertAbort(a, 2, "wrong-recipient"));
  }

  @Test
  void shouldAbortOnARoundTheProtocolDoesNotHave() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    assertThatThrownBy(() -> s.get(1).handle(ProtocolMessage.broadcast(SID, 9, 2, encode(1))))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertAbort(a, 2, "unknown-round"));
  }

  @Test
  void shouldAbortOnTheWrongKindOfMessageForARound() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    assertThatThrownBy(() -> s.get(1).handle(ProtocolMessage.direct(SID, 1, 2, 1, encode(1))))
        .isInstanceOfSatisfying(
            ProtocolAbort.class, a -> assertAbort(a, 2, "unexpected-message-kind"));
    Map<Integer, ToySession> t = toys(SID, 3);
    t.get(1).start();
    assertThatThrownBy(() -> t.get(1).handle(ProtocolMessage.broadcast(SID, 3, 3, encode(1))))
        .isInstanceOfSatisfying(
            ProtocolAbort.class, a -> assertAbort(a, 3, "unexpected-message-kind"));
    Map<Integer, ToySession> u = toys(SID, 3);
    u.get(1).start();
    assertThatThrownBy(() -> u.get(1).handle(ProtocolMessage.direct(SID, 2, 3, 1, encode(1))))
        .isInstanceOfSatisfying(
            ProtocolAbort.class, a -> assertAbort(a, 3, "unexpected-message-kind"));
  }

  @Test
  void shouldIgnoreItsOwnMessageLoopedBackButRefuseAForgedOne() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    ProtocolMessage own = s.get(1).start().get(0);
    assertThat(s.get(1).handle(own)).isEmpty();
    assertThatThrownBy(() -> s.get(1).handle(ProtocolMessage.broadcast(SID, 1, 1, encode(99))))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertAbort(a, 0, "sender-is-self"));
  }

  @Test
  void shouldStayAbortedAndRethrowTheSameAbort() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    s.get(1).start();
    ProtocolMessage good = s.get(3).start().get(0);
    ProtocolAbort first = null;
    try {
      s.get(1).handle(ProtocolMessage.direct(SID, 3, 2, 3, encode(1)));
    } catch (ProtocolAbort a) {
      first = a;
    }
    assertThat(first).isNotNull();
    assertThat(s.get(1).failure()).containsSame(first);
    ProtocolAbort expected = first;
    assertThatThrownBy(() -> s.get(1).handle(good)).isSameAs(expected);
  }

  @Test
  void shouldRefuseToRunASessionIdTwice() throws Exception {
    InMemorySessionRegistry reg = new InMemorySessionRegistry();
    new ToySession(SID, 1, List.of(1, 2), 1, reg);
    new ToySession(SID, 2, List.of(1, 2), 1, reg);
    assertThatThrownBy(() -> new ToySession(SID, 1, List.of(1, 2), 1, reg))
        .isInstanceOfSatisfying(
            ProtocolAbort.class,
            a -> {
              assertThat(a.check()).isEqualTo("session-id-reused");
              assertThat(a.culprit()).isEmpty();
            });
  }

  @Test
  void shouldLetTheProtocolBlameTheSenderOfAnInvalidPayload() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.run(
            s,
            5,
            true,
            (m, to) ->
                m.from() == 2 && m.round() == 3
                    ? List.of(ProtocolMessage.direct(SID, 3, 2, to, encode(12345)))
                    : List.of(m));
    assertThat(out.aborts()).containsOnlyKeys(1, 3);
    out.aborts().values().forEach(a -> assertAbort(a, 2, "toy-check"));
  }

  @Test
  void shouldAbortWhenABroadcastWasEquivocatedAndNameTheSenderWhereProvable() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    // Party 3 tells party 1 a different round-1 value than party 2.
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.run(
            s,
            7,
            true,
            (m, to) ->
                m.from() == 3 && m.round() == 1 && to == 1
                    ? List.of(ProtocolMessage.broadcast(SID, 1, 3, encode(31)))
                    : List.of(m));
    assertThat(out.results()).isEmpty();
    // (Party 3's own session is the cheater's and its verdict is irrelevant.)
    assertThat(out.aborts()).containsKeys(1, 2);
    // Party 3's echo of its own message contradicts what it sent party 1: provable.
    assertAbort(out.aborts().get(1), 3, "echo-broadcast");
    // Party 2 only sees parties 1 and 2 disagree about party 3: either could be lying.
    assertAbort(out.aborts().get(2), 0, "echo-broadcast");
  }

  @Test
  void shouldBlameAPartyWhoseEchoMisreportsOurOwnBroadcast() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.run(
            s,
            9,
            false,
            (m, to) -> {
              if (m.from() == 3 && m.round() == 2 && to == 1) {
                java.util.SortedMap<Integer, byte[]> lie = new TreeMap<>();
                lie.put(1, encode(11));
                lie.put(2, encode(20));
                lie.put(3, encode(30));
                return List.of(
                    ProtocolMessage.broadcast(SID, 2, 3, EchoBroadcast.echo(1, lie, Map.of())));
              }
              return List.of(m);
            });
    // Party 3 sent a different echo to party 1 than to party 2: equivocation would be detected
    // by party 2 only if it saw both; party 1 sees the lie about its own message.
    assertAbort(out.aborts().get(1), 3, "echo-broadcast");
  }

  @Test
  void shouldBlameAMalformedEcho() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.run(
            s,
            11,
            false,
            (m, to) ->
                m.from() == 2 && m.round() == 2
                    ? List.of(ProtocolMessage.broadcast(SID, 2, 2, new byte[] {1, 2, 3}))
                    : List.of(m));
    assertThat(out.aborts()).containsOnlyKeys(1, 3);
    out.aborts().values().forEach(a -> assertAbort(a, 2, "echo-broadcast"));
  }

  @Test
  void shouldOfferTheEchoItProducedBeforeAnAbortInTheSameCall() throws Exception {
    Map<Integer, ToySession> s = toys(SID, 3);
    ToySession one = s.get(1);
    ProtocolMessage oneRound1 = one.start().get(0);
    ProtocolMessage twoRound1 = s.get(2).start().get(0);
    ProtocolMessage threeRound1 = s.get(3).start().get(0);
    s.get(2).handle(oneRound1);
    ProtocolMessage twoEcho = s.get(2).handle(threeRound1).get(0);
    s.get(3).handle(oneRound1);
    ProtocolMessage threeEcho = s.get(3).handle(twoRound1).get(0);
    // Party 1 gets both echoes first, then party 3's round-1 message altered: completing round 1
    // produces its echo and, in the same call, the echo check fails.
    one.handle(twoEcho);
    one.handle(threeEcho);
    one.handle(twoRound1);
    assertThatThrownBy(() -> one.handle(ProtocolMessage.broadcast(SID, 1, 3, encode(31))))
        .isInstanceOfSatisfying(ProtocolAbort.class, a -> assertAbort(a, 3, "echo-broadcast"));
    assertThat(one.messagesBeforeAbort())
        .singleElement()
        .satisfies(m -> assertThat(m.round()).isEqualTo(2));
  }

  @Test
  void shouldRunASinglePartySessionToCompletionOnStart() throws Exception {
    ToySession alone = new ToySession(SID, 5, List.of(5), 42, new InMemorySessionRegistry());
    assertThat(alone.start()).extracting(ProtocolMessage::round).containsExactly(1, 2);
    assertThat(alone.result()).contains(42L);
  }

  @Test
  void shouldRejectRoundSpecsThatClash() {
    assertThatThrownBy(
            () ->
                new ToySessionWithRounds(
                    List.of(RoundSpec.broadcast(1).echoedIn(2), RoundSpec.direct(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("used twice");
    assertThatThrownBy(() -> RoundSpec.direct(1).echoedIn(2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static final class ToySessionWithRounds extends RoundBasedSession<Long> {
    ToySessionWithRounds(List<RoundSpec> rounds) throws ProtocolAbort {
      super(SID, 1, List.of(1, 2), rounds, new InMemorySessionRegistry());
    }

    @Override
    protected List<ProtocolMessage> firstRound() {
      return List.of();
    }

    @Override
    protected List<ProtocolMessage> onRound(RoundMessages messages) {
      return List.of();
    }
  }

  static void assertAbort(ProtocolAbort a, int culprit, String check) {
    assertThat(a.check()).isEqualTo(check);
    if (culprit == 0) {
      assertThat(a.culprit()).isEmpty();
    } else {
      assertThat(a.culprit()).hasValue(culprit);
    }
    assertThat(a.sessionId()).isEqualTo(SID);
  }
}
