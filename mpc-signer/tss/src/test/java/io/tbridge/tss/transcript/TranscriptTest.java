package io.tbridge.tss.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  private static final byte[] SID = "0123456789abcdef".getBytes();
  private static final BigInteger BOUND = BigInteger.ONE.shiftLeft(256);

  private static BigInteger challenge(Function<Transcript, Transcript> f) {
    return f.apply(Transcript.start("tbridge/cggmp21/test/v1", SID, 1)).challengeBelow(BOUND);
  }

  @Test
  void shouldBeDeterministic() {
    assertThat(challenge(t -> t.append("x", BigInteger.TEN)))
        .isEqualTo(challenge(t -> t.append("x", BigInteger.TEN)));
  }

  @Test
  void shouldBindDomainSessionPartyLabelAndValue() {
    BigInteger base = challenge(t -> t.append("x", BigInteger.TEN));
    Set<BigInteger> all = new HashSet<>();
    all.add(base);
    all.add(
        Transcript.start("tbridge/cggmp21/other/v1", SID, 1)
            .append("x", BigInteger.TEN)
            .challengeBelow(BOUND));
    all.add(
        Transcript.start("tbridge/cggmp21/test/v1", "0123456789abcdeg".getBytes(), 1)
            .append("x", BigInteger.TEN)
            .challengeBelow(BOUND));
    all.add(
        Transcript.start("tbridge/cggmp21/test/v1", SID, 2)
            .append("x", BigInteger.TEN)
            .challengeBelow(BOUND));
    all.add(challenge(t -> t.append("y", BigInteger.TEN)));
    all.add(challenge(t -> t.append("x", BigInteger.valueOf(11))));
    all.add(challenge(t -> t.append("x", BigInteger.TEN.negate())));
    all.add(challenge(t -> t.append("x", 10)));
    all.add(challenge(t -> t.append("x", "10")));
    assertThat(all).hasSize(9);
  }

  @Test
  void shouldNotConfuseItemBoundaries() {
    assertThat(challenge(t -> t.append("a", "bc")))
        .isNotEqualTo(challenge(t -> t.append("ab", "c")));
    assertThat(challenge(t -> t.append("a", new byte[] {1, 2}).append("b", new byte[] {3})))
        .isNotEqualTo(challenge(t -> t.append("a", new byte[] {1}).append("b", new byte[] {2, 3})));
  }

  @Test
  void successiveChallengesShouldDiffer() {
    Transcript t = Transcript.start("tbridge/cggmp21/test/v1", SID, 1);
    BigInteger a = t.challengeBelow(BOUND);
    BigInteger b = t.challengeBelow(BOUND);
    assertThat(a).isNotEqualTo(b);
  }

  @Property(tries = 200)
  void challengesShouldStayInTheirRange(
      @ForAll @IntRange(min = 1, max = 600) int bits,
      @ForAll @IntRange(min = 1, max = 300) int count) {
    Transcript t = Transcript.start("tbridge/cggmp21/test/v1", SID, bits);
    BigInteger bound = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.valueOf(count % 7));
    if (bound.signum() <= 0) {
      bound = BigInteger.ONE;
    }
    BigInteger c = t.challengeBelow(bound);
    assertThat(c.signum()).isGreaterThanOrEqualTo(0);
    assertThat(c).isLessThan(bound);
    BigInteger s = t.challengeSigned(bits);
    assertThat(s.abs()).isLessThanOrEqualTo(BigInteger.ONE.shiftLeft(bits));
    assertThat(t.challengeBits(count)).hasSize(count);
  }

  @Test
  void challengeBitsShouldLookBalanced() {
    boolean[] bits = Transcript.start("tbridge/cggmp21/test/v1", SID, 1).challengeBits(4096);
    int ones = 0;
    for (boolean b : bits) {
      ones += b ? 1 : 0;
    }
    // 4096 fair coins: 5 standard deviations is ±160.
    assertThat(ones).isBetween(2048 - 160, 2048 + 160);
  }

  @Test
  void shouldRejectANonPositiveBound() {
    Transcript t = Transcript.start("tbridge/cggmp21/test/v1", SID, 1);
    for (BigInteger bad : List.of(BigInteger.ZERO, BigInteger.ONE.negate())) {
      assertThatThrownBy(() -> t.challengeBelow(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
