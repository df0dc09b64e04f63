package io.tbridge.tss.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.channel.ChannelFixture;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.Complaints;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A dealer that sends a bad Feldman share to one party only: that party publishes the signed share
 * as a complaint, and every honest party checks it and names the dealer. A false complaint names
 * the complainer.
 */
class KeygenComplaintTest {
  private static final Committee COMMITTEE = Committee.ofSize(3, 5);
  private static final int ROUND_SHARES = 3;

  private static Map<Integer, KeygenSession> sessions(SessionId sid, long seed)
      throws ProtocolAbort {
    InMemorySessionRegistry reg = new InMemorySessionRegistry();
    Map<Integer, KeygenSession> s = new TreeMap<>();
    for (int p : COMMITTEE.parties()) {
      s.put(p, new KeygenSession(sid, COMMITTEE, p, reg, TestRandom.seeded(seed * 100 + p)));
    }
    return s;
  }

  private static Map<Integer, SecureChannel> channels(long seed) {
    return ChannelFixture.channels(ChannelFixture.identities(COMMITTEE.size(), seed), seed);
  }

  @Test
  void shouldHaveEveryHonestPartyNameADealerThatSendsOneBadShare() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      SessionId sid = KeygenFixture.sessionId("keygen-complaint", seed);
      LocalNetwork.Outcome<KeyShare> out =
          LocalNetwork.runSealed(
              sessions(sid, seed),
              channels(seed),
              seed,
              true,
              Complaints.corruptDirect(
                  5,
                  ROUND_SHARES,
                  2,
                  p -> {
                    p[p.length - 1] ^= 1;
                    return p;
                  }));
      assertThat(out.results()).isEmpty();
      Complaints.assertAllName(out, List.of(1, 2, 3, 4), 5);
      assertThat(out.aborts().get(2).check()).isEqualTo("feldman-vss");
      assertThat(out.aborts().get(1).check()).isEqualTo("feldman-vss");
    }
  }

  @Test
  void shouldHaveEveryHonestPartyNameADealerThatSendsOneUndecodableShare() throws Exception {
    SessionId sid = KeygenFixture.sessionId("keygen-complaint", 9);
    LocalNetwork.Outcome<KeyShare> out =
        LocalNetwork.runSealed(
            sessions(sid, 9),
            channels(9),
            9,
            false,
            Complaints.corruptDirect(4, ROUND_SHARES, 1, p -> new byte[] {1, 2, 3}));
    Complaints.assertAllName(out, List.of(1, 2, 3, 5), 4);
    assertThat(out.aborts().get(3).check()).isEqualTo("malformed-message");
  }

  @Test
  void shouldNameAPartyThatComplainsAboutAGoodShare() throws Exception {
    SessionId sid = KeygenFixture.sessionId("keygen-complaint", 11);
    Map<Integer, SecureChannel> channels = channels(11);
    LocalNetwork.Outcome<KeyShare> out =
        LocalNetwork.runSealed(
            sessions(sid, 11),
            channels,
            11,
            true,
            Complaints.falseComplaint(channels, 2, 5, ROUND_SHARES, "feldman-vss"));
    assertThat(out.results()).isEmpty();
    Complaints.assertAllName(out, List.of(1, 3, 4, 5), 2);
    assertThat(out.aborts().get(1).check()).isEqualTo("false-complaint");
  }
}
