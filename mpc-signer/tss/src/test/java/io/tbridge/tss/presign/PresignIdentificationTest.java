package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignMessages.MtaCiphertexts;
import io.tbridge.tss.presign.PresignMessages.Round6Broadcast;
import io.tbridge.tss.presign.PresignMessages.Round6Direct;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.testing.DecoderFuzz;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.LocalNetwork.Interceptor;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiDec;
import io.tbridge.tss.zk.PiLogStar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identifiable abort after a failed sum check (signer-test item 23 for the δ/χ lies): at the
 * production level a party that announces a false δ_i or S_i in round 4 is named by every honest
 * party after the identification round. Three signers, so the third-party Π-aff-g re-proofs run.
 */
class PresignIdentificationTest {
  private static final SecurityLevel LEVEL = SecurityLevel.PRODUCTION;
  private static final int LIAR = 2;
  private static final List<Integer> SIGNERS = List.of(1, 2, 3);
  private static final AtomicLong SESSIONS = new AtomicLong();
  private static PresignFixture.Keys keys;

  @BeforeAll
  static void keys() {
    keys = PresignFixture.directKeys(2, 3, LEVEL, 23);
  }

  private static Map<Integer, PresignSession> sessions(PresignSession.Fault fault)
      throws ProtocolAbort {
    long n = SESSIONS.incrementAndGet();
    Map<Integer, PresignSession> sessions =
        PresignFixture.sessions(
            keys,
            SIGNERS,
            KeygenFixture.sessionId("presign-identify", n),
            new InMemorySessionRegistry(),
            n,
            PresignFixture.POOL);
    sessions.get(LIAR).injectFault(fault);
    return sessions;
  }

  private static LocalNetwork.Outcome<Presignature> run(
      PresignSession.Fault fault, Interceptor interceptor) throws ProtocolAbort {
    return LocalNetwork.run(sessions(fault), SESSIONS.get(), false, interceptor);
  }

  /** Every honest signer aborted naming the liar for {@code check}; nobody holds a presignature. */
  private static void assertHonestPartiesName(
      LocalNetwork.Outcome<Presignature> out, String check) {
    for (int p : SIGNERS) {
      if (p == LIAR) {
        continue;
      }
      assertThat(out.aborts()).as("party %d aborted", p).containsKey(p);
      assertThat(out.aborts().get(p).culprit()).as("culprit named by %d", p).hasValue(LIAR);
      assertThat(out.aborts().get(p).check()).as("check seen by %d", p).isEqualTo(check);
    }
    assertThat(out.results()).isEmpty();
  }

  @Test
  void shouldRunIdentificationAtTheProductionLevel() {
    assertThat(PresignSession.supportsIdentification(LEVEL)).isTrue();
    assertThat(PresignSession.identificationBits(LEVEL))
        .isLessThanOrEqualTo(PiDec.maxPlaintextBits(LEVEL))
        .isLessThanOrEqualTo(PiLogStar.maxPlaintextBits(LEVEL));
  }

  @Test
  void shouldNameThePartyThatLiesAboutItsDeltaShare() throws Exception {
    List<ProtocolMessage> round6 = new ArrayList<>();
    var out = run(PresignSession.Fault.LIE_ABOUT_DELTA, capture(round6));
    assertHonestPartiesName(out, PiDec.CHECK);
    fuzzDecoders(round6);
    assertWithinSizeBounds(round6);
  }

  @Test
  void shouldNameThePartyThatLiesAboutItsChiShare() throws Exception {
    List<ProtocolMessage> round6 = new ArrayList<>();
    var out = run(PresignSession.Fault.LIE_ABOUT_S, capture(round6));
    assertHonestPartiesName(out, PiLogStar.CHECK);
    fuzzDecoders(round6);
    assertWithinSizeBounds(round6);
  }

  /** Delivers everything and keeps a copy of party 1's round-6 messages. */
  private static Interceptor capture(List<ProtocolMessage> into) {
    return (m, to) -> {
      if (m.from() == 1 && m.round() == PresignSession.ROUND_IDENTIFY) {
        synchronized (into) {
          into.add(m);
        }
      }
      return List.of(m);
    };
  }

  /**
   * Real round-6 messages stay within the bounds {@link PresignSession#maxSigners} is computed
   * from, each part close to its bound (so the limit is not needlessly low), and a message grown to
   * the limit's subset by re-proofs of the real size still fits the payload cap.
   */
  private static void assertWithinSizeBounds(List<ProtocolMessage> round6) throws Exception {
    int n = SIGNERS.size();
    int max = PresignSession.maxSigners(LEVEL);
    int tupleBound = PresignMessages.maxMtaCiphertextsBytes(LEVEL);
    int reproofBound = PiAffG.maxEncodedBytes(LEVEL);
    boolean sawReproof = false;
    for (ProtocolMessage m : round6) {
      byte[] p = m.payload();
      if (m.isBroadcast()) {
        assertThat(p.length).isLessThanOrEqualTo(PresignMessages.maxRound6BroadcastBytes(LEVEL, n));
        for (MtaCiphertexts c : Round6Broadcast.decode(p, LEVEL).sent().values()) {
          ByteWriter w = new ByteWriter();
          c.encodeTo(w);
          assertThat(w.toByteArray().length)
              .isLessThanOrEqualTo(tupleBound)
              .isGreaterThan(tupleBound * 95 / 100);
        }
        continue;
      }
      assertThat(p.length)
          .isLessThanOrEqualTo(PresignMessages.maxRound6DirectBytes(LEVEL, n, idBits()));
      for (PiAffG proof : Round6Direct.decode(p, LEVEL, idBits()).reproofs().values()) {
        ByteWriter w = new ByteWriter();
        proof.encodeTo(w);
        int size = w.toByteArray().length;
        assertThat(size).isLessThanOrEqualTo(reproofBound).isGreaterThan(reproofBound * 95 / 100);
        assertThat(p.length + (long) (max - n) * (Integer.BYTES + size))
            .isLessThanOrEqualTo(ProtocolMessage.MAX_PAYLOAD_BYTES);
        sawReproof = true;
      }
    }
    assertThat(sawReproof).isTrue();
  }

  /** Mutated and random round-6 payloads only ever fail with DecodingException. */
  private static void fuzzDecoders(List<ProtocolMessage> round6) {
    assertThat(round6).isNotEmpty();
    Random r = new Random(6);
    for (ProtocolMessage m : round6) {
      DecoderFuzz.feedRandomAndMutated(b -> Round6Broadcast.decode(b, LEVEL), m.payload(), r, 40);
      DecoderFuzz.feedRandomAndMutated(
          b -> Round6Direct.decode(b, LEVEL, idBits()), m.payload(), r, 40);
    }
  }

  @Test
  void shouldNameALiarThatPublishesOtherRound3CiphertextsThanItCommittedTo() throws Exception {
    // The liar tries to make its δ consistent by rewriting, in public, what it sent party 3.
    Interceptor publishOther =
        LocalNetwork.rewriteBroadcast(
            LIAR,
            PresignSession.ROUND_IDENTIFY,
            PresignSession.ROUND_IDENTIFY_ECHO,
            payload -> {
              try {
                Round6Broadcast b = Round6Broadcast.decode(payload, LEVEL);
                SortedMap<Integer, MtaCiphertexts> sent = new TreeMap<>(b.sent());
                MtaCiphertexts c = sent.get(3);
                sent.put(
                    3,
                    new MtaCiphertexts(
                        c.gammaPoint(), c.d(), c.f().add(BigInteger.ONE), c.dHat(), c.fHat()));
                return new Round6Broadcast(b.mode(), sent, b.product(), b.productProof()).encode();
              } catch (DecodingException e) {
                throw new AssertionError(e);
              }
            });
    var out = run(PresignSession.Fault.LIE_ABOUT_DELTA, publishOther);
    assertHonestPartiesName(out, "round3-commitment");
  }

  @Test
  void shouldNameALiarWhoseThirdPartyReproofFails() throws Exception {
    // The re-proof of the MtA the liar ran with party 3, as sent to party 1, is broken: party 1
    // names the liar for it; party 3 (who received no re-proof of its own MtA) still names the
    // liar through Π-dec.
    Interceptor breakReproof =
        (m, to) -> {
          if (m.from() != LIAR
              || m.round() != PresignSession.ROUND_IDENTIFY
              || m.isBroadcast()
              || to != 1) {
            return List.of(m);
          }
          try {
            Round6Direct d = Round6Direct.decode(m.payload(), LEVEL, idBits());
            SortedMap<Integer, PiAffG> reproofs = new TreeMap<>(d.reproofs());
            PiAffG p = reproofs.get(3);
            reproofs.put(
                3,
                new PiAffG(
                    p.a(),
                    p.bx(),
                    p.by(),
                    p.e(),
                    p.s(),
                    p.f(),
                    p.t(),
                    p.z1().negate(),
                    p.z2(),
                    p.z3(),
                    p.z4(),
                    p.w(),
                    p.wy()));
            byte[] payload =
                new Round6Direct(d.mode(), d.dec(), d.mulStar(), d.wideLog(), reproofs).encode();
            return List.of(
                new ProtocolMessage(m.sessionId(), m.round(), m.from(), m.to(), payload));
          } catch (DecodingException e) {
            throw new AssertionError(e);
          }
        };
    var out = run(PresignSession.Fault.LIE_ABOUT_DELTA, breakReproof);
    assertThat(out.aborts().get(1).culprit()).hasValue(LIAR);
    assertThat(out.aborts().get(1).check()).isEqualTo(PiAffG.CHECK);
    assertThat(out.aborts().get(3).culprit()).hasValue(LIAR);
    assertThat(out.aborts().get(3).check()).isEqualTo(PiDec.CHECK);
    assertThat(out.results()).isEmpty();
  }

  @Test
  void shouldReportALiarThatFallsSilentAsTheAwaitedParty() throws Exception {
    // The library has no clock: a liar that never sends its identification messages leaves the
    // honest parties waiting, and awaitedParties() tells the transport whom to blame.
    Map<Integer, PresignSession> sessions = sessions(PresignSession.Fault.LIE_ABOUT_DELTA);
    Interceptor silence =
        (m, to) ->
            m.from() == LIAR && m.round() >= PresignSession.ROUND_IDENTIFY ? List.of() : List.of(m);
    var out = LocalNetwork.run(sessions, SESSIONS.get(), false, silence);
    for (int p : List.of(1, 3)) {
      assertThat(out.aborts()).doesNotContainKey(p);
      assertThat(out.results()).doesNotContainKey(p);
      assertThat(sessions.get(p).awaitedParties()).containsExactly(LIAR);
    }
  }

  private static int idBits() {
    return PresignSession.identificationBits(LEVEL);
  }
}
