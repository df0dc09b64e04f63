package io.tbridge.tss.auxinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.fixtures.AuxInfoFixture;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.EchoBroadcast;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import io.tbridge.tss.zk.PiFac;
import io.tbridge.tss.zk.PiMod;
import io.tbridge.tss.zk.PiPrm;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class AuxInfoSessionTest {
  private static final SecurityLevel LEVEL = SecurityLevel.TEST;
  private static final Committee COMMITTEE = Committee.ofSize(2, 3);
  private static final int CHEATER = 2;

  @Test
  void honestRunShouldGiveEveryPartyTheSameVerifiedPublicData() throws Exception {
    Map<Integer, AuxInfo> out = AuxInfoFixture.generate(COMMITTEE, LEVEL, 1);
    assertThat(out).containsOnlyKeys(1, 2, 3);
    for (int p : COMMITTEE.parties()) {
      AuxInfo a = out.get(p);
      assertThat(a.self()).isEqualTo(p);
      assertThat(a.level()).isEqualTo(LEVEL);
      assertThat(a.committee()).isEqualTo(COMMITTEE);
      assertThat(a.paillierPublicKeys()).isEqualTo(out.get(1).paillierPublicKeys());
      assertThat(a.ringPedersenParams()).isEqualTo(out.get(1).ringPedersenParams());
      assertThat(a.paillierSecretKey().publicKey()).isEqualTo(a.paillierPublicKey(p));
      assertThat(a.ringPedersen(p).n()).isEqualTo(a.paillierPublicKey(p).n());
      assertThat(AuxInfo.decode(a.encode()).encode()).isEqualTo(a.encode());
    }
    assertThat(out.get(1).paillierPublicKeys().values()).doesNotHaveDuplicates();
  }

  @Test
  @Tag("slow")
  void productionSizeRunShouldSucceedWith3072BitModuli() throws Exception {
    Map<Integer, AuxInfo> out = AuxInfoFixture.generate(COMMITTEE, SecurityLevel.PRODUCTION, 1);
    assertThat(out).containsOnlyKeys(1, 2, 3);
    for (AuxInfo a : out.values()) {
      assertThat(a.level().requireProduction()).isEqualTo(SecurityLevel.PRODUCTION);
      assertThat(a.paillierPublicKeys()).isEqualTo(out.get(1).paillierPublicKeys());
      assertThat(a.paillierPublicKey(a.self()).n().bitLength()).isEqualTo(3072);
      assertThat(AuxInfo.decode(a.encode()).encode()).isEqualTo(a.encode());
    }
  }

  @Test
  void tamperedModAndFacProofsShouldBeBlamedOnTheirProver() {
    LocalNetwork.Outcome<AuxInfo> outcome =
        run(
            3,
            (m, recipient) -> {
              if (m.from() != CHEATER || m.round() != 4) {
                return List.of(m);
              }
              return List.of(retarget(m, tamperProofs(m.payload(), recipient == 1)));
            });
    assertAbort(outcome, 1, PiMod.CHECK);
    assertAbort(outcome, 3, PiFac.CHECK);
  }

  @Test
  void revealingSomethingElseThanWasCommittedShouldBeBlamed() {
    LocalNetwork.Outcome<AuxInfo> outcome =
        run(
            4,
            (m, recipient) -> {
              if (m.from() != CHEATER || m.round() != 3) {
                return List.of(m);
              }
              byte[] p = m.payload();
              p[p.length - 40] ^= 1; // a byte of ρ, inside the committed body
              return List.of(retarget(m, p));
            });
    assertAbort(outcome, 1, "aux-commitment");
    assertAbort(outcome, 3, "aux-commitment");
  }

  @Test
  void truncatedDecommitmentShouldBeBlamedAsMalformed() {
    LocalNetwork.Outcome<AuxInfo> outcome =
        run(
            5,
            (m, recipient) -> {
              if (m.from() != CHEATER || m.round() != 3) {
                return List.of(m);
              }
              byte[] p = m.payload();
              return List.of(retarget(m, Arrays.copyOf(p, p.length - 1)));
            });
    assertAbort(outcome, 1, "malformed-message");
    assertAbort(outcome, 3, "malformed-message");
  }

  @Test
  void consistentlyCommittedModulusOfTheWrongSizeShouldBeBlamed() {
    Random r = new Random(6);
    BigInteger n;
    do {
      n = SafePrimeFixtures.primes(1024).get(24).multiply(new BigInteger(1022, r).setBit(0));
    } while (n.bitLength() == LEVEL.paillierBits());
    RingPedersenSetup honest = setupFor(1);
    byte[] body =
        body(
            n,
            honest.params().s().mod(n),
            honest.params().t().mod(n),
            prmFor(honest, 1, CHEATER, 6));
    LocalNetwork.Outcome<AuxInfo> outcome = run(6, new ConsistentLiar(sid(6), body));
    assertAbort(outcome, 1, "aux-modulus");
    assertAbort(outcome, 3, "aux-modulus");
  }

  @Test
  void degenerateRingPedersenParametersShouldBeBlamed() {
    RingPedersenSetup honest = setupFor(1);
    RingPedersenParams p = honest.params();
    byte[] body = body(p.n(), BigInteger.ONE, p.t(), prmFor(honest, 1, CHEATER, 7));
    LocalNetwork.Outcome<AuxInfo> outcome = run(7, new ConsistentLiar(sid(7), body));
    assertAbort(outcome, 1, "aux-ring-pedersen");
    assertAbort(outcome, 3, "aux-ring-pedersen");
  }

  @Test
  void ringPedersenProofForAnotherPartyShouldBeBlamed() {
    // The cheater reuses a valid Π-prm that was made for prover 1: the transcript binds the
    // prover index, so it fails for prover 2.
    RingPedersenSetup honest = setupFor(1);
    byte[] body =
        body(
            honest.params().n(), honest.params().s(), honest.params().t(), prmFor(honest, 1, 1, 8));
    LocalNetwork.Outcome<AuxInfo> outcome = run(8, new ConsistentLiar(sid(8), body));
    assertAbort(outcome, 1, PiPrm.CHECK);
    assertAbort(outcome, 3, PiPrm.CHECK);
  }

  @Test
  void copyingAnotherPartysModulusShouldBeBlamed() {
    // Party 1 runs on fixture key 0; the cheater announces that modulus as its own.
    RingPedersenSetup copied = setupFor(0);
    RingPedersenParams p = copied.params();
    byte[] body = body(p.n(), p.s(), p.t(), prmFor(copied, 0, CHEATER, 9));
    LocalNetwork.Outcome<AuxInfo> outcome = run(9, new ConsistentLiar(sid(9), body));
    assertAbort(outcome, 1, "aux-modulus");
    assertThat(outcome.results()).isEmpty();
  }

  @Test
  void reusedSessionIdShouldBeRefused() throws Exception {
    SessionRegistry registry = new InMemorySessionRegistry();
    SessionId sid = sid(10);
    session(sid, 1, 0, registry);
    assertThatThrownBy(() -> session(sid, 1, 0, registry))
        .isInstanceOfSatisfying(
            ProtocolAbort.class, a -> assertThat(a.check()).isEqualTo("session-id-reused"));
  }

  @Test
  void theProductionLevelShouldRefuseThresholdOneBeforeClaimingTheSessionId() throws Exception {
    PaillierSecretKey big = SafePrimeFixtures.paillierKey(SecurityLevel.PRODUCTION, 0);
    SessionRegistry registry = new InMemorySessionRegistry();
    assertThatThrownBy(
            () ->
                new AuxInfoSession(
                    sid(40),
                    1,
                    Committee.ofSize(1, 3),
                    SecurityLevel.PRODUCTION,
                    big,
                    TestRandom.seeded(1),
                    registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t = 1");
    new AuxInfoSession(
        sid(40), 1, COMMITTEE, SecurityLevel.PRODUCTION, big, TestRandom.seeded(1), registry);
  }

  @Test
  void shouldRefuseKeysOfTheWrongSizeOrNotOnSafePrimes() {
    PaillierSecretKey big = SafePrimeFixtures.paillierKey(SecurityLevel.PRODUCTION, 0);
    SessionRegistry registry = new InMemorySessionRegistry();
    assertThatThrownBy(
            () ->
                new AuxInfoSession(
                    sid(11), 1, COMMITTEE, LEVEL, big, TestRandom.seeded(1), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    Random r = new Random(12);
    // A prime with its top two bits set (so N has 2048 bits) that is not a safe prime.
    BigInteger notSafe = new BigInteger(1024, r).setBit(1023).setBit(1022).nextProbablePrime();
    PaillierSecretKey plain = PaillierSecretKey.of(notSafe, SafePrimeFixtures.primes(1024).get(25));
    assertThat(plain.publicKey().n().bitLength()).isEqualTo(LEVEL.paillierBits());
    assertThatThrownBy(
            () ->
                new AuxInfoSession(
                    sid(12), 1, COMMITTEE, LEVEL, plain, TestRandom.seeded(1), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("safe primes");
    assertThatThrownBy(
            () ->
                new AuxInfoSession(
                    sid(13),
                    4,
                    COMMITTEE,
                    LEVEL,
                    SafePrimeFixtures.paillierKey(LEVEL, 0),
                    TestRandom.seeded(1),
                    registry))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Plays the cheater as a consistent liar: it commits in round 1 to {@code body} (not to what its
   * honest session computed), echoes that commitment, and reveals {@code body} in round 3, so every
   * honest party sees one coherent but bad set of values.
   */
  private static final class ConsistentLiar implements LocalNetwork.Interceptor {
    private final SessionId sid;
    private final byte[] body;
    private final byte[] opening = new byte[32];
    private final SortedMap<Integer, byte[]> round1 = new TreeMap<>();

    ConsistentLiar(SessionId sid, byte[] body) {
      this.sid = sid;
      this.body = body;
      Arrays.fill(opening, (byte) 7);
    }

    @Override
    public List<ProtocolMessage> intercept(ProtocolMessage m, int recipient) {
      if (m.from() != CHEATER) {
        if (m.round() == 1) {
          round1.put(m.from(), m.payload());
        }
        return List.of(m);
      }
      switch (m.round()) {
        case 1 -> {
          byte[] fake =
              new ByteWriter()
                  .u8(AuxInfoSession.VERSION)
                  .raw(AuxInfoSession.commitmentHash(sid, CHEATER, body, opening))
                  .toByteArray();
          round1.put(CHEATER, fake);
          return List.of(retarget(m, fake));
        }
        case 2 -> {
          // The cheater's own honest session notices that its commitment was replaced and stops,
          // so the liar sends the echo of the fake commitment and the round-3 reveal itself.
          byte[] reveal =
              new ByteWriter().u8(AuxInfoSession.VERSION).bytes(body).raw(opening).toByteArray();
          return List.of(
              retarget(m, EchoBroadcast.echo(1, round1, Map.of())),
              ProtocolMessage.broadcast(sid, 3, CHEATER, reveal));
        }
        default -> {
          return List.of(m);
        }
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "break Π-mod: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void shouldHaveEveryHonestPartyNameACheaterThatSendsOneBadProof(boolean breakMod)
      throws Exception {
    LocalNetwork.Outcome<AuxInfo> out =
        runSealed(
            21,
            io.tbridge.tss.testing.Complaints.corruptDirect(
                CHEATER, 4, 3, p -> tamperProofs(p, breakMod)));
    // Party 3 alone received the bad proof; party 1 judges its complaint.
    io.tbridge.tss.testing.Complaints.assertAllName(out, List.of(1, 3), CHEATER);
    assertThat(out.aborts().get(1).check()).isEqualTo(breakMod ? "pi-mod" : "pi-fac");
    // No honest party finished: the output waits for everyone's confirmation.
    assertThat(out.results()).doesNotContainKeys(1, 3);
  }

  @Test
  void shouldNameAPartyThatComplainsAboutGoodProofs() throws Exception {
    java.util.Map<Integer, io.tbridge.tss.channel.SecureChannel> channels = channels();
    LocalNetwork.Outcome<AuxInfo> out =
        runSealed(
            22,
            channels,
            io.tbridge.tss.testing.Complaints.falseComplaint(channels, 3, 1, 4, "pi-fac"));
    io.tbridge.tss.testing.Complaints.assertAllName(out, List.of(1, 2), 3);
    assertThat(out.aborts().get(1).check()).isEqualTo("false-complaint");
  }

  @Test
  void shouldFinishOverSealedMessagesWithTheConfirmationRound() throws Exception {
    LocalNetwork.Outcome<AuxInfo> out = runSealed(23, LocalNetwork.Interceptor.none());
    assertThat(out.aborts()).isEmpty();
    assertThat(out.allFinished(COMMITTEE.size())).isTrue();
  }

  private static java.util.Map<Integer, io.tbridge.tss.channel.SecureChannel> channels() {
    return io.tbridge.tss.channel.ChannelFixture.channels(
        io.tbridge.tss.channel.ChannelFixture.identities(COMMITTEE.size(), 3), 3);
  }

  private static LocalNetwork.Outcome<AuxInfo> runSealed(
      long seed, LocalNetwork.Interceptor interceptor) throws ProtocolAbort {
    return runSealed(seed, channels(), interceptor);
  }

  private static LocalNetwork.Outcome<AuxInfo> runSealed(
      long seed,
      java.util.Map<Integer, io.tbridge.tss.channel.SecureChannel> channels,
      LocalNetwork.Interceptor interceptor)
      throws ProtocolAbort {
    SessionId sid = sid(seed);
    SessionRegistry registry = new InMemorySessionRegistry();
    Map<Integer, AuxInfoSession> sessions = new TreeMap<>();
    for (int k = 0; k < COMMITTEE.size(); k++) {
      int party = COMMITTEE.parties().get(k);
      sessions.put(party, session(sid, party, k, registry));
    }
    return LocalNetwork.runSealed(sessions, channels, seed, false, interceptor);
  }

  private static LocalNetwork.Outcome<AuxInfo> run(
      long seed, LocalNetwork.Interceptor interceptor) {
    SessionId sid = sid(seed);
    SessionRegistry registry = new InMemorySessionRegistry();
    Map<Integer, AuxInfoSession> sessions = new TreeMap<>();
    try {
      for (int k = 0; k < COMMITTEE.size(); k++) {
        int party = COMMITTEE.parties().get(k);
        sessions.put(party, session(sid, party, k, registry));
      }
    } catch (ProtocolAbort e) {
      throw new IllegalStateException(e);
    }
    return LocalNetwork.run(sessions, seed, true, interceptor);
  }

  private static AuxInfoSession session(SessionId sid, int party, int keyIndex, SessionRegistry r)
      throws ProtocolAbort {
    return new AuxInfoSession(
        sid,
        party,
        COMMITTEE,
        LEVEL,
        SafePrimeFixtures.paillierKey(LEVEL, keyIndex),
        TestRandom.seeded(100 + party),
        r);
  }

  private static SessionId sid(long n) {
    return KeygenFixture.sessionId("aux-info-test", n);
  }

  private static void assertAbort(LocalNetwork.Outcome<AuxInfo> outcome, int party, String check) {
    assertThat(outcome.aborts()).containsKey(party);
    ProtocolAbort a = outcome.aborts().get(party);
    assertThat(a.check()).as(a.getMessage()).isEqualTo(check);
    assertThat(a.culprit()).as(a.getMessage()).hasValue(CHEATER);
    assertThat(outcome.results()).doesNotContainKey(party);
  }

  private static ProtocolMessage retarget(ProtocolMessage m, byte[] payload) {
    return new ProtocolMessage(m.sessionId(), m.round(), m.from(), m.to(), payload);
  }

  private static byte[] tamperProofs(byte[] payload, boolean breakMod) {
    try {
      ByteReader r = new ByteReader(payload);
      int version = r.u8();
      PiMod mod = PiMod.decodeFrom(r, LEVEL);
      PiFac fac = PiFac.decodeFrom(r, LEVEL);
      r.end();
      if (breakMod) {
        List<PiMod.Repetition> reps = new ArrayList<>(mod.repetitions());
        PiMod.Repetition first = reps.get(0);
        reps.set(
            0,
            new PiMod.Repetition(first.x(), first.a(), first.b(), first.z().add(BigInteger.ONE)));
        mod = new PiMod(mod.w(), reps);
      } else {
        fac =
            new PiFac(
                fac.commitP(),
                fac.commitQ(),
                fac.a(),
                fac.b(),
                fac.t(),
                fac.sigma(),
                fac.z1().add(BigInteger.ONE),
                fac.z2(),
                fac.w1(),
                fac.w2(),
                fac.v());
      }
      ByteWriter w = new ByteWriter().u8(version);
      mod.encodeTo(w);
      fac.encodeTo(w);
      return w.toByteArray();
    } catch (DecodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RingPedersenSetup setupFor(int keyIndex) {
    return RingPedersenSetup.generate(
        SafePrimeFixtures.paillierKey(LEVEL, keyIndex), TestRandom.seeded(keyIndex));
  }

  /** A valid Π-prm for {@code setup} in session {@code seed}, bound as the session binds it. */
  private static PiPrm prmFor(RingPedersenSetup setup, int keyIndex, int prover, long seed) {
    ByteWriter ctx = new ByteWriter().string(LEVEL.name());
    COMMITTEE.encodeTo(ctx);
    return PiPrm.prove(
        sid(seed),
        prover,
        ctx.toByteArray(),
        setup.params(),
        setup.lambda(),
        SafePrimeFixtures.paillierKey(LEVEL, keyIndex),
        LEVEL,
        TestRandom.seeded(5));
  }

  private static byte[] body(BigInteger n, BigInteger s, BigInteger t, PiPrm proof) {
    ByteWriter w = new ByteWriter().bigInt(n).bigInt(s).bigInt(t);
    proof.encodeTo(w);
    return w.raw(new byte[32]).toByteArray();
  }
}
