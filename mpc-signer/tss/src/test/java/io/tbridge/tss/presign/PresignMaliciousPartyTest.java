package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignMessages.Round1Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round1Direct;
import io.tbridge.tss.presign.PresignMessages.Round3Direct;
import io.tbridge.tss.presign.PresignMessages.Round4Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round4Direct;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.LocalNetwork.Interceptor;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signer-test item 23: a party that deviates from presigning is named. Party 2 cheats by rewriting
 * its own messages in flight; every honest party must abort naming party 2 and the failed check.
 */
class PresignMaliciousPartyTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final int CHEATER = 2;
  private static final AtomicLong SESSIONS = new AtomicLong();
  private static PresignFixture.Keys keys;

  @BeforeAll
  static void keys() {
    keys = PresignFixture.directKeys(2, 3, LEVEL, 11);
  }

  /** Rewrites the payload of the cheater's messages of one round (broadcast or direct). */
  interface PayloadRewrite {
    byte[] rewrite(byte[] payload, int recipient) throws DecodingException;
  }

  static Interceptor cheat(int round, boolean broadcast, PayloadRewrite rewrite) {
    return (m, recipient) -> {
      if (m.from() != CHEATER || m.round() != round || m.isBroadcast() != broadcast) {
        return List.of(m);
      }
      try {
        byte[] payload = rewrite.rewrite(m.payload(), recipient);
        return List.of(new ProtocolMessage(m.sessionId(), m.round(), m.from(), m.to(), payload));
      } catch (DecodingException e) {
        throw new AssertionError(e);
      }
    };
  }

  /**
   * A cheater who sends the rewritten round-1 broadcast to everyone and stands by it: its echo
   * (round 2) is recomputed over the rewritten payload, so the echo check passes and the content
   * check has to catch it.
   */
  private static Interceptor cheatConsistently(PayloadRewrite rewrite) {
    return cheatConsistently(PresignSession.ROUND_ENC, PresignSession.ROUND_ECHO, rewrite);
  }

  /** The same for the echoed broadcast of {@code round}, echoed in {@code echoRound}. */
  static Interceptor cheatConsistently(int round, int echoRound, PayloadRewrite rewrite) {
    return LocalNetwork.rewriteBroadcast(
        CHEATER,
        round,
        echoRound,
        payload -> {
          try {
            return rewrite.rewrite(payload, 0);
          } catch (DecodingException e) {
            throw new AssertionError(e);
          }
        });
  }

  /** A cheater that announces {@code change(b)} instead of its round-4 broadcast b, to everyone. */
  private static Interceptor announceInRound4(
      java.util.function.UnaryOperator<Round4Broadcast> change) {
    return cheatConsistently(
        PresignSession.ROUND_DELTA,
        PresignSession.ROUND_DELTA_ECHO,
        (payload, to) -> change.apply(Round4Broadcast.decode(payload)).encode());
  }

  /** δ_j + 1 in place of δ_j. */
  private static Round4Broadcast deltaPlusOne(Round4Broadcast b) {
    BigInteger lie = b.delta().add(BigInteger.ONE).mod(Secp256k1.Q);
    return new Round4Broadcast(lie, b.bigDelta(), b.bigS(), b.sentDigests());
  }

  private static LocalNetwork.Outcome<Presignature> run(List<Integer> signers, Interceptor i)
      throws ProtocolAbort {
    long n = SESSIONS.incrementAndGet();
    Map<Integer, PresignSession> sessions =
        PresignFixture.sessions(
            keys,
            signers,
            KeygenFixture.sessionId("presign-cheat", n),
            new InMemorySessionRegistry(),
            n,
            Runnable::run);
    return LocalNetwork.run(sessions, n, true, i);
  }

  /** Every honest signer aborted, naming the cheater and {@code check}. */
  private static void assertHonestPartiesName(
      LocalNetwork.Outcome<Presignature> out, List<Integer> signers, int culprit, String check) {
    for (int p : signers) {
      if (p == CHEATER) {
        continue;
      }
      assertThat(out.aborts()).as("party %d aborted", p).containsKey(p);
      ProtocolAbort abort = out.aborts().get(p);
      assertThat(abort.check()).as("check seen by party %d", p).isEqualTo(check);
      if (culprit > 0) {
        assertThat(abort.culprit()).as("culprit named by party %d", p).hasValue(culprit);
      } else {
        assertThat(abort.culprit()).isEmpty();
      }
    }
    assertThat(out.results().keySet()).doesNotContainAnyElementsOf(signers.subList(0, 1));
  }

  @Test
  void shouldNameThePartyWhoseEncProofIsTampered() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_ENC,
                false,
                (payload, to) -> {
                  PiEnc p = Round1Direct.decode(payload, LEVEL).psi0();
                  PiEnc bad =
                      new PiEnc(p.s(), p.a(), p.c(), p.z1().add(BigInteger.ONE), p.z2(), p.z3());
                  return new Round1Direct(bad).encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, PiEnc.CHECK);
  }

  @Test
  void shouldNameThePartyWhoseKIsNotAUnitModNSquared() throws Exception {
    List<Integer> signers = List.of(1, 2, 3);
    BigInteger n2 = keys.aux().get(1).paillierPublicKey(CHEATER).n();
    var out =
        run(
            signers,
            cheatConsistently(
                (payload, to) -> {
                  Round1Broadcast b = Round1Broadcast.decode(payload, LEVEL);
                  return new Round1Broadcast(b.context(), n2, b.bigG()).encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, "invalid-ciphertext");
  }

  @Test
  void shouldNameThePartyWhoseKIsOutOfRange() throws Exception {
    List<Integer> signers = List.of(1, 2);
    BigInteger n2 = keys.aux().get(1).paillierPublicKey(CHEATER).n();
    var out =
        run(
            signers,
            cheatConsistently(
                (payload, to) -> {
                  Round1Broadcast b = Round1Broadcast.decode(payload, LEVEL);
                  return new Round1Broadcast(b.context(), b.bigK(), n2.multiply(n2)).encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, "invalid-ciphertext");
  }

  @Test
  void shouldCatchARound1BroadcastThatDiffersBetweenRecipients() throws Exception {
    List<Integer> signers = List.of(1, 2, 3);
    BigInteger n2 = keys.aux().get(1).paillierPublicKey(CHEATER).n();
    // K_2 goes to party 3 re-randomised (a different ciphertext of the same k), to party 1 as is.
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_ENC,
                true,
                (payload, to) -> {
                  if (to != 3) {
                    return payload;
                  }
                  Round1Broadcast b = Round1Broadcast.decode(payload, LEVEL);
                  PaillierMath key = PaillierMath.of(keys.aux().get(1).paillierPublicKey(CHEATER));
                  BigInteger rerandomised =
                      b.bigK().multiply(key.nthPower(BigInteger.TWO)).mod(n2.multiply(n2));
                  return new Round1Broadcast(b.context(), rerandomised, b.bigG()).encode();
                }));
    for (int p : List.of(1, 3)) {
      assertThat(out.aborts().get(p).check()).isEqualTo("echo-broadcast");
    }
    // Party 3 holds a broadcast of party 2 that party 2's own echo contradicts.
    assertThat(out.aborts().get(3).culprit()).hasValue(CHEATER);
    assertThat(out.results()).isEmpty();
  }

  @Test
  void shouldNameThePartyThatRunsPresigningWithOtherInputs() throws Exception {
    List<Integer> signers = List.of(1, 2, 3);
    var out =
        run(
            signers,
            cheatConsistently(
                (payload, to) -> {
                  Round1Broadcast b = Round1Broadcast.decode(payload, LEVEL);
                  byte[] other = b.context().clone();
                  other[0] ^= 1;
                  return new Round1Broadcast(other, b.bigK(), b.bigG()).encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, "presign-context");
  }

  @Test
  void shouldNameThePartyWhoseMtaCiphertextDoesNotMatchItsProof() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_MTA,
                false,
                (payload, to) -> {
                  Round3Direct m = Round3Direct.decode(payload, LEVEL);
                  PaillierMath recipientKey =
                      PaillierMath.of(keys.aux().get(1).paillierPublicKey(to));
                  // D now encrypts γ·k − β + 1: the receiver would end with a wrong δ share.
                  BigInteger shifted =
                      m.d()
                          .multiply(recipientKey.onePlusN(BigInteger.ONE))
                          .mod(recipientKey.nSquared());
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
                }));
    assertHonestPartiesName(out, signers, CHEATER, PiAffG.CHECK);
  }

  @Test
  void shouldNameThePartyWhoseKeyShareMtaProofIsTampered() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_MTA,
                false,
                (payload, to) -> {
                  Round3Direct m = Round3Direct.decode(payload, LEVEL);
                  PiAffG p = m.psiHat();
                  PiAffG bad =
                      new PiAffG(
                          p.a(),
                          p.bx(),
                          p.by(),
                          p.e(),
                          p.s(),
                          p.f(),
                          p.t(),
                          p.z1(),
                          p.z2().add(BigInteger.ONE),
                          p.z3(),
                          p.z4(),
                          p.w(),
                          p.wy());
                  return new Round3Direct(
                          m.gammaPoint(),
                          m.d(),
                          m.f(),
                          m.dHat(),
                          m.fHat(),
                          m.psi(),
                          bad,
                          m.psiPrime())
                      .encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, PiAffG.CHECK);
  }

  @Test
  void shouldNameThePartyWhoseAffineProofResponseExceedsItsBound() throws Exception {
    List<Integer> signers = List.of(1, 2);
    BigInteger tooBig =
        BigInteger.ONE.shiftLeft(LEVEL.ellPrime() + LEVEL.epsilon()).add(BigInteger.ONE);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_MTA,
                false,
                (payload, to) -> {
                  Round3Direct m = Round3Direct.decode(payload, LEVEL);
                  PiAffG p = m.psi();
                  PiAffG bad =
                      new PiAffG(
                          p.a(), p.bx(), p.by(), p.e(), p.s(), p.f(), p.t(), p.z1(), tooBig, p.z3(),
                          p.z4(), p.w(), p.wy());
                  return new Round3Direct(
                          m.gammaPoint(),
                          m.d(),
                          m.f(),
                          m.dHat(),
                          m.fHat(),
                          bad,
                          m.psiHat(),
                          m.psiPrime())
                      .encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, PiAffG.CHECK);
    assertThat(out.aborts().get(1).getMessage()).contains("z2 outside");
  }

  @Test
  void shouldNameThePartyWhoseGammaProofIsTampered() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_MTA,
                false,
                (payload, to) -> {
                  Round3Direct m = Round3Direct.decode(payload, LEVEL);
                  PiLogStar p = m.psiPrime();
                  PiLogStar bad =
                      new PiLogStar(
                          p.s(), p.a(), p.y(), p.d(), p.z1(), p.z2(), p.z3().add(BigInteger.ONE));
                  return new Round3Direct(
                          m.gammaPoint(),
                          m.d(),
                          m.f(),
                          m.dHat(),
                          m.fHat(),
                          m.psi(),
                          m.psiHat(),
                          bad)
                      .encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, PiLogStar.CHECK);
  }

  @Test
  void shouldNameThePartyThatSendsTheIdentityOrAPointOffTheCurve() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_MTA,
                false,
                (payload, to) -> {
                  // Γ_i sits right after the 2-byte header; the identity has no 33-byte encoding,
                  // so a cheater can only send bytes that are not a valid point.
                  byte[] bad = payload.clone();
                  Arrays.fill(bad, 2, 2 + Secp256k1.POINT_BYTES, (byte) 0);
                  return bad;
                }));
    assertHonestPartiesName(out, signers, CHEATER, "malformed-message");
  }

  @Test
  void shouldNameThePartyWhoseMessageHasTrailingOrMissingData() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var extra =
        run(
            signers,
            cheat(
                PresignSession.ROUND_MTA,
                false,
                (payload, to) -> Arrays.copyOf(payload, payload.length + 1)));
    assertHonestPartiesName(extra, signers, CHEATER, "malformed-message");
    var missing =
        run(
            signers,
            cheat(
                PresignSession.ROUND_ENC,
                false,
                (payload, to) -> Arrays.copyOf(payload, payload.length - 40)));
    assertHonestPartiesName(missing, signers, CHEATER, "malformed-message");
  }

  @Test
  void shouldNameThePartyWhoseDeltaPointDoesNotMatchItsK() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            announceInRound4(
                b ->
                    new Round4Broadcast(
                        b.delta(),
                        b.bigDelta().add(Secp256k1.G).normalize(),
                        b.bigS(),
                        b.sentDigests())));
    assertHonestPartiesName(out, signers, CHEATER, PiLogStar.CHECK);
  }

  @Test
  void shouldNameThePartyWhoseDeltaProofIsTampered() throws Exception {
    List<Integer> signers = List.of(1, 2);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_DELTA,
                false,
                (payload, to) -> {
                  PiLogStar p = Round4Direct.decode(payload, LEVEL).psiDoublePrime();
                  PiLogStar bad =
                      new PiLogStar(p.s(), p.a(), p.y(), p.d(), p.z1().negate(), p.z2(), p.z3());
                  return new Round4Direct(bad).encode();
                }));
    assertHonestPartiesName(out, signers, CHEATER, PiLogStar.CHECK);
  }

  @Test
  void shouldAbortWithoutBlameWhenAPartyLiesAboutItsShareAtALevelTooSmallToIdentify()
      throws Exception {
    // At the 2048-bit test level Π-dec cannot hide the identification plaintexts (see
    // PresignIdentificationTest for the production level, where the liar is named).
    assertThat(PresignSession.supportsIdentification(LEVEL)).isFalse();
    List<Integer> signers = List.of(1, 2);
    var out = run(signers, announceInRound4(PresignMaliciousPartyTest::deltaPlusOne));
    assertHonestPartiesName(out, signers, 0, "delta-consistency");
    var chiLie =
        run(
            signers,
            announceInRound4(
                b ->
                    new Round4Broadcast(
                        b.delta(),
                        b.bigDelta(),
                        b.bigS().add(Secp256k1.G).normalize(),
                        b.sentDigests())));
    assertHonestPartiesName(chiLie, signers, 0, "chi-consistency");
  }

  @Test
  void shouldNameThePartyWhoseRound3DigestDoesNotMatchWhatItSent() throws Exception {
    List<Integer> signers = List.of(1, 2, 3);
    var out =
        run(
            signers,
            announceInRound4(
                b -> {
                  java.util.SortedMap<Integer, byte[]> digests =
                      new java.util.TreeMap<>(b.sentDigests());
                  byte[] wrong = digests.get(1).clone();
                  wrong[0] ^= 1;
                  digests.put(1, wrong);
                  return new Round4Broadcast(b.delta(), b.bigDelta(), b.bigS(), digests);
                }));
    // Only party 1 received the tuple the wrong digest is about, so only party 1 can tell.
    assertThat(out.aborts().get(1).culprit()).hasValue(CHEATER);
    assertThat(out.aborts().get(1).check()).isEqualTo("round3-commitment");
    assertThat(out.results()).doesNotContainKey(1);
  }

  @Test
  void shouldNameThePartyThatEquivocatesItsRound4Broadcast() throws Exception {
    List<Integer> signers = List.of(1, 2, 3);
    var out =
        run(
            signers,
            cheat(
                PresignSession.ROUND_DELTA,
                true,
                (payload, to) -> {
                  if (to != 1) {
                    return payload;
                  }
                  return deltaPlusOne(Round4Broadcast.decode(payload)).encode();
                }));
    // Party 1 sees that party 2's own echo contradicts what party 2 sent it; party 3 sees the
    // disagreement too, but cannot tell whether party 1 or party 2 lies.
    for (int p : List.of(1, 3)) {
      assertThat(out.aborts()).containsKey(p);
      assertThat(out.results()).doesNotContainKey(p);
    }
    assertThat(out.aborts().get(1).culprit()).hasValue(CHEATER);
  }

  @Test
  void shouldRefuseAReusedSessionId() throws Exception {
    SessionId sid = KeygenFixture.sessionId("presign-reuse", 1);
    InMemorySessionRegistry registry = new InMemorySessionRegistry();
    List<Integer> signers = List.of(1, 2);
    PresignFixture.sessions(keys, signers, sid, registry, 1, Runnable::run);
    assertThatThrownBy(
            () -> PresignFixture.sessions(keys, signers, sid, registry, 2, Runnable::run))
        .isInstanceOf(ProtocolAbort.class)
        .extracting(e -> ((ProtocolAbort) e).check())
        .isEqualTo("session-id-reused");
  }

  @Test
  void shouldAbortWithoutBlameOnAMessageOfAnotherSession() throws Exception {
    List<Integer> signers = List.of(1, 2);
    SessionId other = KeygenFixture.sessionId("presign-other", 1);
    var out =
        run(
            signers,
            (m, recipient) ->
                m.from() == CHEATER && m.round() == PresignSession.ROUND_ENC && !m.isBroadcast()
                    ? List.of(new ProtocolMessage(other, m.round(), m.from(), m.to(), m.payload()))
                    : List.of(m));
    // An authentic message of another session is a replay or a routing error, not evidence
    // against its sender.
    assertHonestPartiesName(out, signers, 0, "wrong-session");
  }

  @Test
  void shouldRefuseASubsetBelowTheThresholdOrWithoutThisParty() {
    assertThatThrownBy(
            () ->
                PresignFixture.sessions(
                    keys,
                    List.of(1),
                    KeygenFixture.sessionId("x", 1),
                    new InMemorySessionRegistry(),
                    1,
                    Runnable::run))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PresignSession(
                    KeygenFixture.sessionId("x", 2),
                    keys.shares().get(3),
                    keys.aux().get(3),
                    List.of(1, 2),
                    new InMemorySessionRegistry(),
                    new java.security.SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the signing subset");
  }
}
