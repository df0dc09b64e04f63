package io.tbridge.tss.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class Secp256k1AndBigIntsTest {
  private static final SecureRandom RANDOM = TestRandom.seeded(99);

  @Test
  void shouldRoundTripPointsAndScalars() throws Exception {
    for (int i = 0; i < 20; i++) {
      BigInteger k = Secp256k1.randomScalar(RANDOM);
      ECPoint p = Secp256k1.mulG(k);
      assertThat(Secp256k1.decodePoint(Secp256k1.encode(p))).isEqualTo(p);
      assertThat(Secp256k1.mul(Secp256k1.G, k)).isEqualTo(p);
      assertThat(Secp256k1.decodeNonZeroScalar(Secp256k1.encodeScalar(k))).isEqualTo(k);
    }
  }

  @Test
  void shouldRejectInvalidPointEncodings() {
    byte[] good = Secp256k1.encode(Secp256k1.G);
    byte[] uncompressed = Secp256k1.G.getEncoded(false);
    byte[] badPrefix = good.clone();
    badPrefix[0] = 0x04;
    byte[] identity = new byte[33];
    byte[] xTooLarge = good.clone();
    Arrays.fill(xTooLarge, 1, 33, (byte) 0xff);
    // x = 5 has no y on secp256k1 (5^3 + 7 = 132 is not a square mod p).
    byte[] notOnCurve = new byte[33];
    notOnCurve[0] = 0x02;
    notOnCurve[32] = 5;
    for (byte[] bad :
        new byte[][] {uncompressed, badPrefix, identity, xTooLarge, notOnCurve, new byte[0]}) {
      assertThatThrownBy(() -> Secp256k1.decodePoint(bad)).isInstanceOf(DecodingException.class);
    }
    assertThatThrownBy(() -> Secp256k1.encode(Secp256k1.CURVE.getInfinity()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectOutOfRangeScalars() {
    byte[] q = Secp256k1.encodeScalar(Secp256k1.Q.subtract(BigInteger.ONE));
    q[31]++;
    assertThatThrownBy(() -> Secp256k1.decodeScalar(q)).isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> Secp256k1.decodeNonZeroScalar(new byte[32]))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> Secp256k1.decodeScalar(new byte[31]))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> Secp256k1.encodeScalar(Secp256k1.Q))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secp256k1.encodeScalar(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 100)
  void signedSamplesShouldStayInTheirInterval(@ForAll @IntRange(min = 0, max = 300) int bits) {
    BigInteger x = BigInts.randomSigned(bits, RANDOM);
    assertThat(BigInts.inSignedRange(x, bits)).isTrue();
    assertThat(BigInts.inSignedRange(BigInteger.ONE.shiftLeft(bits).add(BigInteger.ONE), bits))
        .isFalse();
    assertThat(BigInts.inSignedRange(BigInteger.ONE.shiftLeft(bits).negate(), bits)).isTrue();
  }

  @Test
  void unitsAndSignedExponentsShouldBehave() {
    BigInteger n = BigInteger.valueOf(35);
    for (int i = 0; i < 50; i++) {
      BigInteger u = BigInts.randomUnit(n, RANDOM);
      assertThat(BigInts.isUnit(u, n)).isTrue();
      assertThat(BigInts.modPowSigned(u, BigInteger.valueOf(-3), n).multiply(u.pow(3)).mod(n))
          .isEqualTo(BigInteger.ONE);
    }
    assertThat(BigInts.isUnit(BigInteger.valueOf(7), n)).isFalse();
    assertThat(BigInts.isUnit(BigInteger.ZERO, n)).isFalse();
    assertThat(BigInts.isUnit(n, n)).isFalse();
    BigInteger bound = BigInteger.valueOf(1000);
    for (int i = 0; i < 50; i++) {
      BigInteger b = BigInts.randomBelow(bound, RANDOM);
      assertThat(b.signum()).isGreaterThanOrEqualTo(0);
      assertThat(b).isLessThan(bound);
    }
  }
}
