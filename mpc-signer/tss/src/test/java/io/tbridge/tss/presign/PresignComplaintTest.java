package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.channel.ChannelFixture;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignMessages.Round1Direct;
import io.tbridge.tss.presign.PresignMessages.Round3Direct;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.testing.Complaints;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiEnc;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A signer that sends a bad round-1 or round-3 direct message to one party only: that party
 * publishes it as a complaint, every honest signer reruns the check and names the cheater. A false
 * complaint names the complainer.
 */
class PresignComplaintTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final List<Integer> SIGNERS = List.of(1, 2, 3);
  private static final int CHEATER = 2;
  private static final int VICTIM = 3;
  private static PresignFixture.Keys keys;

  @BeforeAll
  static void keys() {
    keys = PresignFixture.directKeys(2, 3, LEVEL, 11);
  }

  private static Map<Integer, SecureChannel> channels() {
    return ChannelFixture.channels(ChannelFixture.identities(3, 4), 4);
  }

  private static LocalNetwork.Outcome<Presignature> run(
      long n, Map<Integer, SecureChannel> channels, LocalNetwork.Interceptor interceptor)
      throws ProtocolAbort {
    Map<Integer, PresignSession> sessions =
        PresignFixture.sessions(
            keys,
            SIGNERS,
            KeygenFixture.sessionId("presign-complaint", n),
            new InMemorySessionRegistry(),
            n,
            Runnable::run);
    return LocalNetwork.runSealed(sessions, channels, n, false, interceptor);
  }

  private interface Rewrite {
    byte[] apply(byte[] payload) throws DecodingException;
  }

  private static UnaryOperator<byte[]> unchecked(Rewrite r) {
    return p -> {
      try {
        return r.apply(p);
      } catch (DecodingException e) {
        throw new AssertionError(e);
      }
    };
  }

  @Test
  void shouldHaveEveryHonestSignerNameACheaterThatSendsOneBadEncProof() throws Exception {
    var out =
        run(
            1,
            channels(),
            Complaints.corruptDirect(
                CHEATER,
                PresignSession.ROUND_ENC,
                VICTIM,
                unchecked(
                    payload -> {
                      PiEnc p = Round1Direct.decode(payload, LEVEL).psi0();
                      return new Round1Direct(
                              new PiEnc(
                                  p.s(), p.a(), p.c(), p.z1().add(BigInteger.ONE), p.z2(), p.z3()))
                          .encode();
                    })));
    Complaints.assertAllName(out, List.of(1, VICTIM), CHEATER);
    assertThat(out.aborts().get(1).check()).isEqualTo(PiEnc.CHECK);
    assertThat(out.results()).doesNotContainKeys(1, VICTIM);
  }

  @Test
  void shouldHaveEveryHonestSignerNameACheaterThatSendsOneBadMta() throws Exception {
    PaillierMath victimKey = PaillierMath.of(keys.aux().get(1).paillierPublicKey(VICTIM));
    var out =
        run(
            2,
            channels(),
            Complaints.corruptDirect(
                CHEATER,
                PresignSession.ROUND_MTA,
                VICTIM,
                unchecked(
                    payload -> {
                      Round3Direct m = Round3Direct.decode(payload, LEVEL);
                      BigInteger shifted =
                          m.d()
                              .multiply(victimKey.onePlusN(BigInteger.ONE))
                              .mod(victimKey.nSquared());
                      return new Round3Direct(
                              m.gammaPoint(),
                              shifted,
                              m.f(),
                              m.dHat(),
                              m.fHat(),
                              m.psi(),
                              m.psiHat(),
                              m.psiPrime())
                          .encode();
                    })));
    Complaints.assertAllName(out, List.of(1, VICTIM), CHEATER);
    assertThat(out.aborts().get(1).check()).isEqualTo(PiAffG.CHECK);
  }

  @Test
  void shouldNameASignerThatComplainsAboutAGoodMta() throws Exception {
    Map<Integer, SecureChannel> channels = channels();
    var out =
        run(
            3,
            channels,
            Complaints.falseComplaint(
                channels, VICTIM, CHEATER, PresignSession.ROUND_MTA, PiAffG.CHECK));
    Complaints.assertAllName(out, List.of(1, 2), VICTIM);
    assertThat(out.aborts().get(1).check()).isEqualTo("false-complaint");
  }

  @Test
  void shouldFinishOverSealedMessages() throws Exception {
    var out = run(4, channels(), LocalNetwork.Interceptor.none());
    assertThat(out.aborts()).isEmpty();
    assertThat(out.results()).containsOnlyKeys(SIGNERS);
  }
}
