package io.tbridge.tss.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class PiSchTest {
  private static final SessionId SID = KeygenFixture.sessionId("pi-sch", 1);
  private static final byte[] CONTEXT = {1, 2, 3};
  private final SecureRandom random = TestRandom.seeded(42);
  private final BigInteger secret = Secp256k1.randomScalar(random);
  private final ECPoint x = Secp256k1.mulG(secret);

  @Test
  void shouldAcceptAnHonestProof() throws Exception {
    PiSch.Proof proof = PiSch.prove(SID, 3, CONTEXT, x, secret, random);
    assertThat(PiSch.verify(SID, 3, CONTEXT, x, proof)).isTrue();
    PiSch.Proof decoded = PiSch.Proof.decode(proof.encode());
    assertThat(decoded).isEqualTo(proof);
    assertThat(PiSch.verify(SID, 3, CONTEXT, x, decoded)).isTrue();
  }

  @Test
  void shouldRejectAProofReplayedInAnotherSessionByAnotherPartyOrContext() {
    PiSch.Proof proof = PiSch.prove(SID, 3, CONTEXT, x, secret, random);
    assertThat(PiSch.verify(KeygenFixture.sessionId("pi-sch", 2), 3, CONTEXT, x, proof)).isFalse();
    assertThat(PiSch.verify(SID, 4, CONTEXT, x, proof)).isFalse();
    assertThat(PiSch.verify(SID, 3, new byte[] {1, 2, 4}, x, proof)).isFalse();
    assertThat(PiSch.verify(SID, 3, CONTEXT, x.twice().normalize(), proof)).isFalse();
  }

  @Test
  void shouldRejectATamperedProof() {
    PiSch.Proof proof = PiSch.prove(SID, 3, CONTEXT, x, secret, random);
    PiSch.Proof badZ = new PiSch.Proof(proof.a(), proof.z().add(BigInteger.ONE).mod(Secp256k1.Q));
    assertThat(PiSch.verify(SID, 3, CONTEXT, x, badZ)).isFalse();
    PiSch.Proof badA = new PiSch.Proof(proof.a().add(Secp256k1.G).normalize(), proof.z());
    assertThat(PiSch.verify(SID, 3, CONTEXT, x, badA)).isFalse();
  }

  @Test
  void shouldRejectTheIdentityAsStatementAndOutOfRangeResponses() {
    PiSch.Proof proof = PiSch.prove(SID, 3, CONTEXT, x, secret, random);
    assertThat(PiSch.verify(SID, 3, CONTEXT, Secp256k1.CURVE.getInfinity(), proof)).isFalse();
    BigInteger e = PiSch.challenge(SID, 3, CONTEXT, x, proof.a());
    assertThat(PiSch.verifyResponse(x, proof.a(), e, proof.z())).isTrue();
    assertThat(PiSch.verifyResponse(x, proof.a(), e, proof.z().add(Secp256k1.Q))).isFalse();
    assertThat(PiSch.verifyResponse(x, proof.a(), e, proof.z().subtract(Secp256k1.Q))).isFalse();
    assertThat(PiSch.verifyResponse(x, Secp256k1.CURVE.getInfinity(), e, proof.z())).isFalse();
    assertThatThrownBy(() -> new PiSch.Proof(proof.a(), Secp256k1.Q))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PiSch.Proof(Secp256k1.CURVE.getInfinity(), BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseToProveAFalseStatement() {
    assertThatThrownBy(() -> PiSch.prove(SID, 3, CONTEXT, x, secret.add(BigInteger.ONE), random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(secret.toString());
  }

  @Test
  void shouldDecodeOnlyWellFormedProofs() {
    byte[] good = PiSch.prove(SID, 3, CONTEXT, x, secret, random).encode();
    byte[] badVersion = good.clone();
    badVersion[0] = 2;
    byte[] identity = good.clone();
    Arrays.fill(identity, 1, 34, (byte) 0);
    byte[] offCurve = good.clone();
    offCurve[1] = 0x02;
    Arrays.fill(offCurve, 2, 34, (byte) 0xff);
    byte[] zTooBig = good.clone();
    Arrays.fill(zTooBig, 34, 66, (byte) 0xff);
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    for (byte[] bad : new byte[][] {badVersion, identity, offCurve, zTooBig, trailing, truncated}) {
      assertThatThrownBy(() -> PiSch.Proof.decode(bad)).isInstanceOf(DecodingException.class);
    }
  }

  @Test
  void shouldNotShowTheNonceOfACommitment() {
    PiSch.Commitment c = PiSch.commit(random);
    assertThat(c.toString()).contains("redacted").doesNotContain("alpha=1").hasSizeLessThan(80);
  }

  @Property(tries = 30)
  void commitmentFirstVariantShouldVerifyForAnySecret(@ForAll long seed) {
    SecureRandom r = TestRandom.seeded(seed);
    BigInteger s = Secp256k1.randomScalar(r);
    ECPoint pub = Secp256k1.mulG(s);
    PiSch.Commitment c = PiSch.commit(r);
    BigInteger e = PiSch.challenge(SID, 1, CONTEXT, pub, c.a());
    BigInteger z = PiSch.respond(c, s, e);
    assertThat(PiSch.verifyResponse(pub, c.a(), e, z)).isTrue();
    assertThat(PiSch.verifyResponse(pub, c.a(), e.add(BigInteger.ONE), z)).isFalse();
  }
}
