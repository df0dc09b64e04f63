package io.tbridge.tss.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeygenSessionTest {
  private static final SessionId SID = KeygenFixture.sessionId("keygen-test", 1);
  private static final Committee TWO_OF_THREE = Committee.ofSize(2, 3);

  private static Map<Integer, KeygenSession> sessions(SessionId sid, Committee c, long seed)
      throws ProtocolAbort {
    InMemorySessionRegistry reg = new InMemorySessionRegistry();
    Map<Integer, KeygenSession> s = new TreeMap<>();
    for (int p : c.parties()) {
      s.put(p, new KeygenSession(sid, c, p, reg, TestRandom.seeded(seed * 100 + p)));
    }
    return s;
  }

  @ParameterizedTest(name = "{0}-of-{1}")
  @CsvSource({"2, 3", "3, 5", "5, 9", "1, 3", "4, 4"})
  void shouldGiveEveryPartyAConsistentShareOfOneKeyThatAnyThresholdSubsetReconstructs(int t, int n)
      throws Exception {
    Committee c = Committee.ofSize(t, n);
    LocalNetwork.Outcome<KeyShare> out = LocalNetwork.run(sessions(SID, c, t * 10L + n), n);
    assertThat(out.aborts()).isEmpty();
    assertThat(out.results()).hasSize(n);
    KeyShare first = out.results().get(1);
    for (KeyShare s : out.results().values()) {
      assertThat(s.publicKey()).isEqualTo(first.publicKey());
      assertThat(s.publicShares()).isEqualTo(first.publicShares());
      assertThat(s.ethereumAddress()).isEqualTo(first.ethereumAddress());
      assertThat(s.committee()).isEqualTo(c);
      assertThat(Secp256k1.mulG(s.secretShare())).isEqualTo(s.publicShare(s.self()));
    }
    Random r = new Random(n);
    for (int trial = 0; trial < 5; trial++) {
      List<Integer> subset = new ArrayList<>(c.parties());
      Collections.shuffle(subset, r);
      List<Integer> signers = subset.subList(0, t);
      BigInteger x = BigInteger.ZERO;
      ECPoint sumPublic = Secp256k1.CURVE.getInfinity();
      for (int i : signers) {
        x = x.add(out.results().get(i).additiveShare(signers));
        sumPublic = sumPublic.add(first.additivePublicShare(i, signers));
      }
      assertThat(Secp256k1.mulG(x)).isEqualTo(first.publicKey());
      assertThat(sumPublic.normalize()).isEqualTo(first.publicKey());
      if (t > 1) {
        // t-1 shares interpolate to something else.
        List<Integer> tooFew = signers.subList(0, t - 1);
        BigInteger y = BigInteger.ZERO;
        for (int i : tooFew) {
          BigInteger lambda = Committee.lagrangeAtZero(i, tooFew, Secp256k1.Q);
          y = y.add(lambda.multiply(out.results().get(i).secretShare()));
        }
        assertThat(Secp256k1.mulG(y)).isNotEqualTo(first.publicKey());
      }
    }
  }

  @Test
  void shouldProduceTheSameKeyFromTheSameRandomnessAndADifferentOneOtherwise() throws Exception {
    KeyShare a = LocalNetwork.run(sessions(SID, TWO_OF_THREE, 1), 1).results().get(1);
    KeyShare b = LocalNetwork.run(sessions(SID, TWO_OF_THREE, 1), 2).results().get(1);
    KeyShare c = LocalNetwork.run(sessions(SID, TWO_OF_THREE, 2), 1).results().get(1);
    assertThat(b.publicKey()).isEqualTo(a.publicKey());
    assertThat(c.publicKey()).isNotEqualTo(a.publicKey());
  }

  @Test
  void shouldBlameADealerWhoseShareIsNotOnItsCommittedPolynomial() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            (m, to) -> {
              if (m.from() == 2 && m.round() == 3 && !m.isBroadcast() && to == 1) {
                BigInteger sigma =
                    new BigInteger(1, java.util.Arrays.copyOfRange(m.payload(), 1, 33));
                return List.of(withPayload(m, scalarPayload(sigma.add(BigInteger.ONE))));
              }
              return List.of(m);
            });
    assertAbort(out.aborts().get(1), 2, "feldman-vss");
    assertThat(out.results()).isEmpty();
  }

  @Test
  void shouldBlameAPartyWhoseOpeningDoesNotMatchItsCommitment() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            opening(
                2,
                o ->
                    new KeygenSession.Opening(
                        o.rid(), o.feldman(), o.schnorrCommitment(), new byte[32])));
    assertAbort(out.aborts().get(1), 2, "commitment-mismatch");
    assertAbort(out.aborts().get(3), 2, "commitment-mismatch");
  }

  @Test
  void shouldBlameAPartyWhoseFeldmanVectorHasTheWrongLength() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            opening(
                2,
                o -> {
                  List<ECPoint> longer = new ArrayList<>(o.feldman());
                  longer.add(Secp256k1.G);
                  return new KeygenSession.Opening(
                      o.rid(), longer, o.schnorrCommitment(), o.blinding());
                }));
    assertAbort(out.aborts().get(1), 2, "malformed-message");
    assertThat(out.aborts().get(1).getMessage()).contains("expected 2 Feldman commitments");
  }

  @Test
  void shouldBlameAPartySendingAnInvalidOrIdentityPoint() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            (m, to) -> {
              if (m.from() == 3 && m.round() == 3 && m.isBroadcast()) {
                byte[] p = m.payload();
                // First Feldman point: 0x00-prefixed (the identity has no compressed encoding).
                java.util.Arrays.fill(p, 1 + 32 + 4, 1 + 32 + 4 + 33, (byte) 0);
                return List.of(withPayload(m, p));
              }
              return List.of(m);
            });
    assertAbort(out.aborts().get(1), 3, "malformed-message");
    assertAbort(out.aborts().get(2), 3, "malformed-message");
  }

  @Test
  void shouldBlameAPartySendingAShareOutsideTheScalarRange() throws Exception {
    byte[] tooBig = new byte[33];
    java.util.Arrays.fill(tooBig, (byte) 0xff);
    tooBig[0] = KeygenSession.VERSION;
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            (m, to) ->
                m.from() == 1 && m.round() == 3 && !m.isBroadcast()
                    ? List.of(withPayload(m, tooBig))
                    : List.of(m));
    assertAbort(out.aborts().get(2), 1, "malformed-message");
    assertAbort(out.aborts().get(3), 1, "malformed-message");
  }

  @Test
  void shouldBlameAPartyWhoseSchnorrProofFails() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            LocalNetwork.rewriteBroadcast(
                2,
                4,
                5,
                p -> {
                  BigInteger z = new BigInteger(1, java.util.Arrays.copyOfRange(p, 1, 33));
                  return scalarPayload(z.add(BigInteger.ONE).mod(Secp256k1.Q));
                }));
    assertAbort(out.aborts().get(1), 2, "pi-sch");
    assertAbort(out.aborts().get(3), 2, "pi-sch");
    assertThat(out.results()).isEmpty();
  }

  @Test
  void shouldBlameAPartyThatSendsTheSameWrongProofToSomeAndNotOthersThroughTheEcho()
      throws Exception {
    // Party 2 sends a bad proof to party 1 only; the echo of round 4 makes party 1 and party 3
    // agree that something is wrong before anyone outputs a key, so no honest party finishes alone.
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            (m, to) -> {
              if (m.from() == 2 && m.round() == 4 && to == 1) {
                return List.of(withPayload(m, scalarPayload(BigInteger.TEN)));
              }
              return List.of(m);
            });
    assertAbort(out.aborts().get(1), 2, "echo-broadcast");
    assertThat(out.results()).doesNotContainKeys(1, 3);
  }

  @Test
  void shouldAbortWhenACommitmentWasEquivocatedNamingTheCheaterWhereProvable() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            (m, to) -> {
              if (m.from() == 3 && m.round() == 1 && to == 1) {
                return List.of(
                    withPayload(m, new ByteWriter().u8(1).raw(new byte[32]).toByteArray()));
              }
              return List.of(m);
            });
    assertAbort(out.aborts().get(1), 3, "echo-broadcast");
    // Party 2 sees parties 1 and 3 disagree about party 3's commitment but cannot tell who lies.
    assertThat(out.aborts().get(2).check()).isEqualTo("echo-broadcast");
    assertThat(out.aborts().get(2).culprit()).isEmpty();
    assertThat(out.results()).isEmpty();
  }

  @Test
  void shouldBlameAnUnknownPayloadVersion() throws Exception {
    LocalNetwork.Outcome<KeyShare> out =
        runWith(
            LocalNetwork.rewriteBroadcast(
                2,
                1,
                2,
                p -> {
                  byte[] q = p.clone();
                  q[0] = 9;
                  return q;
                }));
    assertAbort(out.aborts().get(1), 2, "malformed-message");
    assertAbort(out.aborts().get(3), 2, "malformed-message");
  }

  @Test
  void shouldDropThePolynomialAndShareWhetherTheRunFinishesOrAborts() throws Exception {
    Map<Integer, KeygenSession> finished =
        sessions(KeygenFixture.sessionId("keygen-wipe", 1), TWO_OF_THREE, 91);
    assertThat(LocalNetwork.run(finished, 91).results()).hasSize(3);
    finished.values().forEach(s -> assertThat(s.holdsSecrets()).isFalse());

    KeygenSession aborted =
        sessions(KeygenFixture.sessionId("keygen-wipe", 2), TWO_OF_THREE, 92).get(1);
    aborted.start();
    assertThat(aborted.holdsSecrets()).isTrue();
    aborted.abortExternally(2, "deadline", "party 2 stayed silent");
    assertThat(aborted.holdsSecrets()).isFalse();
  }

  @Test
  void theProductionLevelShouldRefuseThresholdOneBeforeClaimingTheSessionId() throws Exception {
    InMemorySessionRegistry reg = new InMemorySessionRegistry();
    SessionId sid = KeygenFixture.sessionId("keygen-test", 77);
    Committee oneOfThree = Committee.ofSize(1, 3);
    assertThatThrownBy(
            () ->
                new KeygenSession(
                    sid, oneOfThree, 1, reg, TestRandom.seeded(1), SecurityLevel.PRODUCTION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t = 1 every party's share is the whole signing key");
    // The test level still allows it (tests of degenerate committees), and the id was not taken.
    new KeygenSession(sid, oneOfThree, 1, reg, TestRandom.seeded(1), SecurityLevel.TEST);
    new KeygenSession(
        KeygenFixture.sessionId("keygen-test", 78),
        TWO_OF_THREE,
        1,
        reg,
        TestRandom.seeded(1),
        SecurityLevel.PRODUCTION);
  }

  @Test
  void shouldRefuseAReusedSessionIdAndMessagesReplayedFromAnotherSession() throws Exception {
    InMemorySessionRegistry reg = new InMemorySessionRegistry();
    new KeygenSession(SID, TWO_OF_THREE, 1, reg, TestRandom.seeded(1));
    assertThatThrownBy(() -> new KeygenSession(SID, TWO_OF_THREE, 1, reg, TestRandom.seeded(2)))
        .isInstanceOfSatisfying(
            ProtocolAbort.class, a -> assertThat(a.check()).isEqualTo("session-id-reused"));

    SessionId other = KeygenFixture.sessionId("keygen-test", 2);
    ProtocolMessage old = sessions(other, TWO_OF_THREE, 3).get(2).start().get(0);
    KeygenSession victim = sessions(SID, TWO_OF_THREE, 4).get(1);
    victim.start();
    assertThatThrownBy(() -> victim.handle(old))
        .isInstanceOfSatisfying(
            ProtocolAbort.class,
            a -> {
              assertThat(a.check()).isEqualTo("wrong-session");
              assertThat(a.culprit()).isEmpty();
            });
  }

  @Test
  void shouldDropASenderOutsideTheCommittee() throws Exception {
    KeygenSession s = sessions(SID, TWO_OF_THREE, 5).get(1);
    s.start();
    ProtocolMessage intruder =
        ProtocolMessage.broadcast(
            SID, 1, 4, new ByteWriter().u8(1).raw(new byte[32]).toByteArray());
    assertThat(s.handle(intruder)).isEmpty();
    assertThat(s.failure()).isEmpty();
    assertThat(s.dropped()).containsEntry("sender-not-in-session", 1);
  }

  @Test
  void shouldDecodeItsOwnOpeningEncodingOnly() throws Exception {
    KeygenSession.Opening o =
        new KeygenSession.Opening(
            new byte[32],
            List.of(Secp256k1.G, Secp256k1.G.twice().normalize()),
            Secp256k1.G,
            new byte[32]);
    byte[] enc = KeygenSession.encodeOpening(o);
    KeygenSession.Opening back = KeygenSession.decodeOpening(enc, 2);
    assertThat(back.feldman()).isEqualTo(o.feldman());
    assertThatThrownBy(() -> KeygenSession.decodeOpening(enc, 3))
        .isInstanceOf(io.tbridge.tss.codec.DecodingException.class);
    assertThatThrownBy(
            () -> KeygenSession.decodeOpening(java.util.Arrays.copyOf(enc, enc.length + 1), 2))
        .isInstanceOf(io.tbridge.tss.codec.DecodingException.class);
  }

  private static LocalNetwork.Outcome<KeyShare> runWith(LocalNetwork.Interceptor interceptor)
      throws ProtocolAbort {
    return LocalNetwork.run(sessions(SID, TWO_OF_THREE, 77), 3, true, interceptor);
  }

  /** Rewrites party {@code from}'s round-3 opening for every recipient. */
  private static LocalNetwork.Interceptor opening(
      int from, UnaryOperator<KeygenSession.Opening> change) {
    return (m, to) -> {
      if (m.from() == from && m.round() == 3 && m.isBroadcast()) {
        try {
          KeygenSession.Opening o = KeygenSession.decodeOpening(m.payload(), 2);
          return List.of(withPayload(m, KeygenSession.encodeOpening(change.apply(o))));
        } catch (io.tbridge.tss.codec.DecodingException e) {
          throw new AssertionError(e);
        }
      }
      return List.of(m);
    };
  }

  private static byte[] scalarPayload(BigInteger v) {
    return new ByteWriter().u8(KeygenSession.VERSION).raw(Secp256k1.encodeScalar(v)).toByteArray();
  }

  private static ProtocolMessage withPayload(ProtocolMessage m, byte[] payload) {
    return new ProtocolMessage(m.sessionId(), m.round(), m.from(), m.to(), payload);
  }

  private static void assertAbort(ProtocolAbort a, int culprit, String check) {
    assertThat(a).as("expected an abort").isNotNull();
    assertThat(a.check()).isEqualTo(check);
    assertThat(a.culprit()).hasValue(culprit);
  }
}
