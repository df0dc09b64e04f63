package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.sign.EcdsaSignature;
import io.tbridge.tss.sign.SignFixture;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Presigning nonces are hedged: k_i and γ_i (and every other secret of the run) come from a stream
 * keyed by the party's secret share and bound to the session, fed with the caller's randomness. A
 * random source whose state was cloned or repeated (a restored VM snapshot, a forked process, a
 * seeded test source) therefore no longer gives two runs the same nonces, which would hand the key
 * to anyone holding two signatures with the same r.
 */
class HedgedNonceTest {
  private static final List<Integer> SIGNERS = List.of(1, 2);
  private static final PresignFixture.Keys KEYS =
      PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 57);

  /** (k_i, γ_i) of {@code party}'s run {@code sid} with a source in state {@code seed}. */
  private static BigInteger[] nonces(int party, SessionId sid, long seed) throws Exception {
    PresignSession session =
        new PresignSession(
            sid,
            KEYS.shares().get(party),
            KEYS.aux().get(party),
            SIGNERS,
            new InMemorySessionRegistry(),
            TestRandom.seeded(seed));
    ProtocolMessage broadcast =
        session.start().stream().filter(ProtocolMessage::isBroadcast).findFirst().orElseThrow();
    PresignMessages.Round1Broadcast b =
        PresignMessages.Round1Broadcast.decode(broadcast.payload(), SecurityLevel.TEST);
    var key = KEYS.aux().get(party).paillierSecretKey();
    return new BigInteger[] {key.decrypt(b.bigK()), key.decrypt(b.bigG())};
  }

  @Test
  void aClonedRandomStateShouldGiveOtherNoncesInAnotherSession() throws Exception {
    BigInteger[] first = nonces(1, KeygenFixture.sessionId("hedge", 1), 99);
    BigInteger[] second = nonces(1, KeygenFixture.sessionId("hedge", 2), 99);
    assertThat(second[0]).isNotEqualTo(first[0]);
    assertThat(second[1]).isNotEqualTo(first[1]);
    // Another party with the very same random state also gets its own nonces.
    BigInteger[] otherParty = nonces(2, KeygenFixture.sessionId("hedge", 1), 99);
    assertThat(otherParty[0]).isNotEqualTo(first[0]);
    // Hedging is deterministic: same state, share and session give the same nonces (seeded runs
    // stay reproducible), and another random state gives other ones.
    assertThat(nonces(1, KeygenFixture.sessionId("hedge", 1), 99)).isEqualTo(first);
    assertThat(nonces(1, KeygenFixture.sessionId("hedge", 1), 100)[0]).isNotEqualTo(first[0]);
    for (BigInteger k : first) {
      assertThat(k.signum()).isPositive();
    }
  }

  @Test
  void partiesWhoseRandomStatesRepeatShouldStillSignAndNeverRepeatR() throws Exception {
    EcdsaSignature a = presignAndSign(KeygenFixture.sessionId("hedge-sign", 1), (byte) 1);
    EcdsaSignature b = presignAndSign(KeygenFixture.sessionId("hedge-sign", 2), (byte) 2);
    assertThat(b.r()).isNotEqualTo(a.r());
  }

  /** Every signer starts from the same random state, in every session. */
  private static EcdsaSignature presignAndSign(SessionId sid, byte digestByte) throws Exception {
    Map<Integer, PresignSession> sessions = new TreeMap<>();
    for (int p : SIGNERS) {
      KeyShare share = KEYS.shares().get(p);
      sessions.put(
          p,
          new PresignSession(
              sid,
              share,
              KEYS.aux().get(p),
              SIGNERS,
              new InMemorySessionRegistry(),
              TestRandom.seeded(7)));
    }
    LocalNetwork.Outcome<Presignature> presigned = LocalNetwork.run(sessions, 3);
    assertThat(presigned.allFinished(SIGNERS.size())).isTrue();
    byte[] digest = new byte[32];
    digest[31] = digestByte;
    LocalNetwork.Outcome<EcdsaSignature> signed =
        SignFixture.sign(
            presigned.results(), digest, KeygenFixture.sessionId("hedge-online", digestByte), 4);
    // SignSession only outputs a signature that verifies under the group key and recovers to it.
    assertThat(signed.allFinished(SIGNERS.size())).isTrue();
    return signed.results().get(1);
  }
}
