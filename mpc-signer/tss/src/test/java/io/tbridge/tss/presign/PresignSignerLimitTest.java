package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierPublicKey;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The identification round's messages grow with the signing subset; presigning refuses, at
 * construction, a subset whose messages could exceed the payload cap.
 */
class PresignSignerLimitTest {
  private static final SecurityLevel LEVEL = SecurityLevel.PRODUCTION;

  @Test
  void theLimitShouldBeTheLargestSubsetWhoseRound6MessagesFitThePayloadCap() {
    int max = PresignSession.maxSigners(LEVEL);
    int yBits = PresignSession.identificationBits(LEVEL);
    int cap = ProtocolMessage.MAX_PAYLOAD_BYTES;
    assertThat(PresignMessages.maxRound6DirectBytes(LEVEL, max, yBits)).isLessThanOrEqualTo(cap);
    assertThat(PresignMessages.maxRound6BroadcastBytes(LEVEL, max)).isLessThanOrEqualTo(cap);
    // The direct message (one Π-aff-g re-proof of ≈ 5.2 KB per third party) is the binding one.
    assertThat(PresignMessages.maxRound6DirectBytes(LEVEL, max + 1, yBits)).isGreaterThan(cap);
    assertThat(max).isBetween(190, 210);
    // Without identification (the 2048-bit test level) round 6 never runs.
    assertThat(PresignSession.maxSigners(SecurityLevel.TEST)).isEqualTo(Committee.MAX_PARTIES);
  }

  @Test
  void aSubsetAboveTheLimitShouldBeRefusedAtConstructionLeavingTheSessionIdFree() throws Exception {
    int max = PresignSession.maxSigners(LEVEL);
    Committee committee = Committee.ofSize(2, max + 1);
    KeyShare share = shareOfParty1(committee);
    AuxInfo aux = auxOfParty1(committee);
    SessionRegistry registry = new InMemorySessionRegistry();
    SessionId sid = KeygenFixture.sessionId("presign-limit", 1);

    assertThatThrownBy(
            () ->
                new PresignSession(
                    sid, share, aux, committee.parties(), registry, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("presigning among " + (max + 1) + " signers is refused")
        .hasMessageContaining("at most " + max + " signers at level " + LEVEL.name());

    // The limit itself is accepted (not started: the other parties' keys are not real), and the
    // refused attempt did not take the session id.
    PresignSession atLimit =
        new PresignSession(
            sid, share, aux, committee.parties().subList(0, max), registry, TestRandom.seeded(1));
    assertThat(atLimit.parties()).hasSize(max);
  }

  /**
   * Party 1's share of a random degree-1 polynomial, with every public share: a real KeyShare of a
   * committee too large to run keygen for in a unit test.
   */
  private static KeyShare shareOfParty1(Committee committee) {
    Random r = new Random(5);
    BigInteger a0 = new BigInteger(255, r).add(BigInteger.ONE);
    BigInteger a1 = new BigInteger(255, r).add(BigInteger.ONE);
    Map<Integer, ECPoint> publicShares = new TreeMap<>();
    for (int j : committee.parties()) {
      publicShares.put(j, Secp256k1.mulG(a0.add(a1.multiply(BigInteger.valueOf(j)))));
    }
    BigInteger x1 = a0.add(a1).mod(Secp256k1.Q);
    return KeyShare.of(1, committee, x1, publicShares, Secp256k1.mulG(a0));
  }

  /**
   * Aux info in the shape AuxInfo accepts (it checks sizes and distinctness, not the proofs the
   * protocol verified): party 1's real production key, and for the others distinct odd moduli of
   * the level's size. Enough for construction, which is where the limit is enforced.
   */
  private static AuxInfo auxOfParty1(Committee committee) {
    PaillierSecretKey own = SafePrimeFixtures.paillierKey(LEVEL, 0);
    BigInteger s = BigInteger.valueOf(4);
    BigInteger t = BigInteger.valueOf(9);
    Map<Integer, PaillierPublicKey> paillier = new TreeMap<>();
    Map<Integer, RingPedersenParams> rp = new TreeMap<>();
    Random r = new Random(6);
    for (int j : committee.parties()) {
      BigInteger n = own.publicKey().n();
      if (j != 1) {
        do {
          n = new BigInteger(LEVEL.paillierBits(), r).setBit(LEVEL.paillierBits() - 1).setBit(0);
        } while (!n.gcd(BigInteger.valueOf(6)).equals(BigInteger.ONE));
      }
      paillier.put(j, PaillierPublicKey.of(n));
      rp.put(j, new RingPedersenParams(n, s, t));
    }
    return AuxInfo.of(1, committee, LEVEL, own, paillier, rp);
  }
}
