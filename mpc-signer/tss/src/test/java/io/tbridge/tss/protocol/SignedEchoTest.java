package io.tbridge.tss.protocol;

import static io.tbridge.tss.protocol.RoundBasedSessionTest.encode;
import static io.tbridge.tss.protocol.RoundBasedSessionTest.toys;
import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.channel.ChannelFixture;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.RoundBasedSessionTest.ToySession;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Echo disputes over sealed, signed messages: the relayed origin signatures decide who lied, so
 * every honest party names the same cheater and never an honest originator.
 */
class SignedEchoTest {
  private static final SessionId SID = KeygenFixture.sessionId("toy", 1);

  private static Map<Integer, SecureChannel> channels(int n) {
    return ChannelFixture.channels(ChannelFixture.identities(n, 5), 5);
  }

  @Test
  void shouldFinishOverSealedMessages() throws Exception {
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.runSealed(toys(SID, 4), channels(4), 3, true, LocalNetwork.Interceptor.none());
    assertThat(out.aborts()).isEmpty();
    assertThat(out.results()).hasSize(4).allSatisfy((p, sum) -> assertThat(sum).isEqualTo(100L));
  }

  @Test
  void shouldHaveEveryHonestPartyNameAnEquivocatingSender() throws Exception {
    for (long seed = 0; seed < 5; seed++) {
      // Party 4 signs value 41 for party 1 and its real value 40 for parties 2 and 3.
      LocalNetwork.Outcome<Long> out =
          LocalNetwork.runSealed(
              toys(SID, 4),
              channels(4),
              seed,
              true,
              (m, to) ->
                  m.from() == 4 && m.round() == 1 && to == 1
                      ? List.of(ProtocolMessage.broadcast(SID, 1, 4, encode(41)))
                      : List.of(m));
      assertThat(out.results()).isEmpty();
      for (int honest : List.of(1, 2, 3)) {
        assertThat(out.aborts()).containsKey(honest);
        assertThat(out.aborts().get(honest).culprit()).as("party %d", honest).hasValue(4);
      }
      // Party 1 sees party 4's own echo contradict what it was sent; parties 2 and 3 see party
      // 1 relay party 4's signature of the other version.
      assertThat(out.aborts().get(1).check()).isEqualTo("echo-broadcast");
      assertThat(out.aborts().get(2).check()).isEqualTo("broadcast-equivocation");
      assertThat(out.aborts().get(3).check()).isEqualTo("broadcast-equivocation");
    }
  }

  @Test
  void shouldNameTheForgerOfAnEchoNotTheOriginatorWhenEveryoneGetsTheForgery() throws Exception {
    // Party 3 echoes a made-up round-1 broadcast of party 1 to everyone.
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.runSealed(
            toys(SID, 4), channels(4), 7, true, forgeEchoEntry(3, 1, Set.of(1, 2, 4)));
    assertThat(out.results()).isEmpty();
    for (int honest : List.of(1, 2, 4)) {
      assertThat(out.aborts().get(honest).culprit()).as("party %d", honest).hasValue(3);
    }
    // Party 1 sees a lie about its own broadcast; the others see an entry party 1 never signed.
    assertThat(out.aborts().get(1).check()).isEqualTo("echo-broadcast");
    assertThat(out.aborts().get(2).check()).isEqualTo("echo-forgery");
    assertThat(out.aborts().get(4).check()).isEqualTo("echo-forgery");
  }

  @Test
  void shouldNameTheForgerOfAnEchoSentToOneParty() throws Exception {
    // Party 3 lies about party 1's broadcast to party 2 only, and relays party 1's real
    // signature with the made-up hash.
    LocalNetwork.Outcome<Long> out =
        LocalNetwork.runSealed(toys(SID, 4), channels(4), 9, true, forgeEchoEntry(3, 1, Set.of(2)));
    assertThat(out.aborts().get(2).culprit()).hasValue(3);
    assertThat(out.aborts().get(2).check()).isEqualTo("echo-forgery");
    out.aborts()
        .values()
        .forEach(a -> assertThat(a.culprit()).isNotEqualTo(java.util.OptionalInt.of(1)));
  }

  @Test
  void shouldDropASignedMessageFromACommitteeMemberOutsideTheRun() throws Exception {
    // Parties 1..3 run; party 4 is a committee member (it has a channel) but not in the run.
    Map<Integer, SecureChannel> channels = channels(4);
    Map<Integer, ToySession> s = toys(SID, 3);
    s.forEach((p, session) -> session.verifyWith(channels.get(p)));
    ToySession one = s.get(1);
    one.start();
    ProtocolMessage outsider = ProtocolMessage.broadcast(SID, 1, 4, encode(40));
    SignedMessage signed =
        ((io.tbridge.tss.channel.Opened.Message)
                channels.get(1).open(channels.get(4).seal(outsider), SID))
            .signed();
    assertThat(one.handle(signed)).isEmpty();
    assertThat(one.failure()).isEmpty();
    assertThat(one.dropped()).containsEntry("sender-not-in-session", 1);
  }

  @Test
  void shouldDropASignedMessageWhoseSignatureTheNotaryRefuses() throws Exception {
    Map<Integer, SecureChannel> channels = channels(3);
    ToySession one = toys(SID, 3).get(1);
    one.verifyWith(channels.get(1));
    one.start();
    SignedMessage unsigned =
        new SignedMessage(ProtocolMessage.broadcast(SID, 1, 2, encode(20)), new byte[64]);
    assertThat(one.handle(unsigned)).isEmpty();
    assertThat(one.failure()).isEmpty();
    assertThat(one.dropped()).containsEntry("bad-origin-signature", 1);
  }

  /**
   * Party {@code liar}'s echo to {@code targets} claims party {@code about} broadcast something
   * else; the relayed signature is kept (it signs the real broadcast, not the claimed one).
   */
  private static LocalNetwork.Interceptor forgeEchoEntry(
      int liar, int about, Set<Integer> targets) {
    return (m, to) -> {
      if (m.from() != liar || m.round() != 2 || !targets.contains(to)) {
        return List.of(m);
      }
      try {
        ByteReader r = new ByteReader(m.payload());
        ByteWriter w = new ByteWriter().u8(r.u8()).i32(r.i32());
        int count = r.i32();
        w.i32(count);
        for (int i = 0; i < count; i++) {
          int sender = r.i32();
          byte[] hash = r.raw(32);
          byte[] sig = r.raw(64);
          w.i32(sender).raw(sender == about ? EchoBroadcast.digest(encode(999)) : hash).raw(sig);
        }
        return List.of(ProtocolMessage.broadcast(SID, 2, liar, w.toByteArray()));
      } catch (DecodingException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
