package io.tbridge.tss.presign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.math.ModExpRecorder;
import io.tbridge.tss.math.ModExpRecorder.Calls;
import io.tbridge.tss.math.ModExpRecorder.Pow;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over a whole honest presigning run (every party in this thread, so the recorder sees all of their
 * arithmetic), the long-lived secrets never reach {@link BigInteger#modPow} as such: no exponent is
 * a party's key share x'_i = λ_i·x_i (it is split into fresh halves for K_j^x'_i and s_j^x'_i), and
 * no exponent modulo a party's secret prime (power) is derived from that prime: not p, q, p − 1, q
 * − 1, q mod (p − 1), and not a negative exponent reduced modulo the secret order.
 */
class PresignSecretExponentTest {
  private static final List<Integer> SIGNERS = List.of(1, 3);

  @Test
  void noModPowShouldSeeTheKeyShareOrAnExponentDerivedFromThePaillierFactors() throws Exception {
    PresignFixture.Keys keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 41);
    Calls calls =
        ModExpRecorder.record(
            () -> {
              LocalNetwork.Outcome<Presignature> outcome =
                  LocalNetwork.run(
                      PresignFixture.sessions(
                          keys,
                          SIGNERS,
                          KeygenFixture.sessionId("presign-exponents", 1),
                          new InMemorySessionRegistry(),
                          41,
                          Runnable::run),
                      41);
              assertThat(outcome.allFinished(SIGNERS.size())).isTrue();
            });
    assertThat(calls.pows()).hasSizeGreaterThan(50);

    for (int party : SIGNERS) {
      BigInteger share = keys.shares().get(party).additiveShare(SIGNERS);
      assertThat(calls.pows())
          .as("an exponentiation by party %d's key share", party)
          .noneMatch(c -> c.exp().equals(share));

      PaillierSecretKey key = keys.aux().get(party).paillierSecretKey();
      BigInteger p = key.p();
      BigInteger q = key.q();
      Map<BigInteger, BigInteger> orderOfModulus =
          Map.of(
              p,
              p.subtract(BigInteger.ONE),
              q,
              q.subtract(BigInteger.ONE),
              p.multiply(p),
              p.multiply(p.subtract(BigInteger.ONE)),
              q.multiply(q),
              q.multiply(q.subtract(BigInteger.ONE)));
      List<BigInteger> derived =
          List.of(
              p,
              q,
              p.subtract(BigInteger.ONE),
              q.subtract(BigInteger.ONE),
              q.mod(p.subtract(BigInteger.ONE)),
              p.mod(q.subtract(BigInteger.ONE)));
      List<Pow> secret =
          calls.pows().stream().filter(c -> orderOfModulus.containsKey(c.modulus())).toList();
      assertThat(secret).as("party %d's CRT exponentiations", party).isNotEmpty();
      for (Pow pow : secret) {
        assertThat(pow.exp()).as("exponent mod a secret prime of party %d", party).isNotIn(derived);
        BigInteger order = orderOfModulus.get(pow.modulus());
        // A negative e reduced mod the order is order − |e|: its top 200+ bits are the order's.
        boolean reducedNegative =
            pow.exp().compareTo(order) < 0
                && order.subtract(pow.exp()).bitLength() < order.bitLength() - 200;
        assertThat(reducedNegative)
            .as("a negative exponent reduced modulo party %d's secret order", party)
            .isFalse();
      }
    }
  }
}
