package io.tbridge.tss.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.keygen.KeygenSession;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A real distributed key generation whose every message crosses the "wire" only as sealed bytes:
 * sealed by its sender, opened by its recipient. The keygen must not notice, and the Feldman shares
 * of round 3 must never appear on the wire.
 */
class SealedKeygenTest {
  private static final int ROUND_SHARES = 3;

  private record Wire(ProtocolMessage message, byte[] bytes) {}

  @Test
  void shouldRunAKeygenOverSealedMessagesWithoutEverExposingASecretShare() throws Exception {
    Committee committee = Committee.ofSize(3, 5);
    long seed = 77;
    SessionId sid = KeygenFixture.sessionId("keygen", seed);
    Map<Integer, SecureChannel> channels =
        ChannelFixture.channels(ChannelFixture.identities(committee.size(), seed), seed);

    List<Wire> wire = new ArrayList<>();
    List<byte[]> shares = new ArrayList<>();
    LocalNetwork.Interceptor sealAndOpen =
        (m, recipient) -> {
          byte[] bytes = channels.get(m.from()).seal(m);
          wire.add(new Wire(m, bytes));
          if (!m.isBroadcast() && m.round() == ROUND_SHARES) {
            // u8 version, then the 32-byte share σ = f_from(recipient).
            shares.add(Arrays.copyOfRange(m.payload(), 1, 33));
            for (int other : committee.others(recipient)) {
              Opened o = channels.get(other).open(bytes, sid);
              assertThat(o).isInstanceOf(Opened.Rejected.class);
              assertThat(((Opened.Rejected) o).reason())
                  .isEqualTo(Opened.Reason.NOT_FOR_THIS_PARTY);
            }
          }
          Opened opened = channels.get(recipient).open(bytes, sid);
          assertThat(opened).isInstanceOf(Opened.Message.class);
          ProtocolMessage delivered = ((Opened.Message) opened).message();
          assertThat(delivered).isEqualTo(m);
          return List.of(delivered);
        };

    InMemorySessionRegistry registry = new InMemorySessionRegistry();
    Map<Integer, KeygenSession> sessions = new TreeMap<>();
    for (int p : committee.parties()) {
      // The same seeds KeygenFixture uses, so the result can be compared with a plain run.
      sessions.put(
          p, new KeygenSession(sid, committee, p, registry, TestRandom.seeded(seed * 1000 + p)));
    }
    LocalNetwork.Outcome<KeyShare> outcome = LocalNetwork.run(sessions, seed, true, sealAndOpen);

    assertThat(outcome.aborts()).isEmpty();
    assertThat(outcome.allFinished(committee.size())).isTrue();
    KeyShare plain = KeygenFixture.generate(committee, seed).get(1);
    for (KeyShare s : outcome.results().values()) {
      assertThat(s.publicKey()).isEqualTo(plain.publicKey());
    }

    int n = committee.size();
    assertThat(shares).hasSize(n * (n - 1));
    int broadcasts = 0;
    for (Wire w : wire) {
      for (byte[] share : shares) {
        assertThat(ChannelFixture.contains(w.bytes(), share))
            .as("a secret share on the wire in %s", w.message())
            .isFalse();
      }
      if (w.message().isBroadcast()) {
        // The search does find what is on the wire in the clear.
        assertThat(ChannelFixture.contains(w.bytes(), w.message().payload())).isTrue();
        broadcasts++;
      }
    }
    assertThat(broadcasts).isPositive();
  }

  @Test
  void shouldHaveEveryHonestPartyNameADealerThatSignsTwoCommitments() throws Exception {
    Committee committee = Committee.ofSize(3, 5);
    long seed = 78;
    SessionId sid = KeygenFixture.sessionId("keygen", seed);
    Map<Integer, SecureChannel> channels =
        ChannelFixture.channels(ChannelFixture.identities(committee.size(), seed), seed);
    InMemorySessionRegistry registry = new InMemorySessionRegistry();
    Map<Integer, KeygenSession> sessions = new TreeMap<>();
    for (int p : committee.parties()) {
      sessions.put(
          p, new KeygenSession(sid, committee, p, registry, TestRandom.seeded(seed * 1000 + p)));
    }
    // Dealer 5 signs a different round-1 commitment for parties 1 and 2 than for 3 and 4.
    LocalNetwork.Interceptor equivocate =
        (m, to) -> {
          if (m.from() != 5 || m.round() != 1 || to > 2) {
            return List.of(m);
          }
          byte[] other = m.payload();
          other[other.length - 1] ^= 1;
          return List.of(ProtocolMessage.broadcast(sid, 1, 5, other));
        };
    LocalNetwork.Outcome<KeyShare> outcome =
        LocalNetwork.runSealed(sessions, channels, seed, true, equivocate);
    assertThat(outcome.results()).isEmpty();
    for (int honest : List.of(1, 2, 3, 4)) {
      assertThat(outcome.aborts().get(honest).culprit()).as("party %d", honest).hasValue(5);
    }
  }
}
