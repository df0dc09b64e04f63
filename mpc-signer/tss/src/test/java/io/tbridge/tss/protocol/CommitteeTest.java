package io.tbridge.tss.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.codec.ByteReader;
import io.tbridge.tss.codec.ByteWriter;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.math.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CommitteeTest {

  @Test
  void shouldSortPartiesAndKeepTheThreshold() {
    Committee c = Committee.of(2, List.of(7, 3, 5));
    assertThat(c.parties()).containsExactly(3, 5, 7);
    assertThat(c.threshold()).isEqualTo(2);
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.others(5)).containsExactly(3, 7);
    assertThat(Committee.ofSize(3, 5).parties()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void shouldRejectInvalidCommittees() {
    assertThatThrownBy(() -> Committee.of(1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Committee.of(1, List.of(1, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> new Committee(List.of(2, 1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sorted");
    assertThatThrownBy(() -> Committee.of(1, List.of(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Committee.of(1, List.of(-3, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Committee.of(0, List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> Committee.of(3, List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
  }

  @Test
  void shouldValidateSigningSubsets() {
    Committee c = Committee.ofSize(3, 5);
    assertThat(c.signingSubset(List.of(5, 1, 3))).containsExactly(1, 3, 5);
    assertThatThrownBy(() -> c.signingSubset(List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> c.signingSubset(List.of(1, 2, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the committee");
    assertThatThrownBy(() -> c.signingSubset(List.of(1, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> c.lagrangeAtZero(4, List.of(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the signing subset");
  }

  @Property(tries = 50)
  void anyThresholdSubsetShouldReconstructTheSecretWithLagrangeCoefficients(
      @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll @IntRange(min = 1, max = 9) int tSeed,
      @ForAll long seed) {
    int t = 1 + Math.floorMod(tSeed, n);
    Random r = new Random(seed);
    Committee c = Committee.ofSize(t, n);
    List<BigInteger> poly = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      poly.add(new BigInteger(256, r).mod(Secp256k1.Q));
    }
    List<Integer> subset = new ArrayList<>(c.parties());
    Collections.shuffle(subset, r);
    subset = subset.subList(0, t + r.nextInt(n - t + 1));
    BigInteger sum = BigInteger.ZERO;
    for (int i : subset) {
      BigInteger share = eval(poly, i);
      sum = sum.add(c.lagrangeAtZero(i, subset).multiply(share));
    }
    assertThat(sum.mod(Secp256k1.Q)).isEqualTo(poly.get(0));
  }

  @Test
  void shouldRoundTripItsEncodingAndRejectInvalidOnes() throws Exception {
    Committee c = Committee.of(3, List.of(2, 4, 9, 11));
    ByteWriter w = new ByteWriter();
    c.encodeTo(w);
    ByteReader r = new ByteReader(w.toByteArray());
    assertThat(Committee.decodeFrom(r)).isEqualTo(c);
    r.end();

    byte[] thresholdTooBig = new ByteWriter().i32(5).i32(2).i32(1).i32(2).toByteArray();
    assertThatThrownBy(() -> Committee.decodeFrom(new ByteReader(thresholdTooBig)))
        .isInstanceOf(DecodingException.class);
    byte[] unsorted = new ByteWriter().i32(1).i32(2).i32(2).i32(1).toByteArray();
    assertThatThrownBy(() -> Committee.decodeFrom(new ByteReader(unsorted)))
        .isInstanceOf(DecodingException.class);
    byte[] hugeCount = new ByteWriter().i32(1).i32(Integer.MAX_VALUE).toByteArray();
    assertThatThrownBy(() -> Committee.decodeFrom(new ByteReader(hugeCount)))
        .isInstanceOf(DecodingException.class);
  }

  private static BigInteger eval(List<BigInteger> poly, int x) {
    BigInteger acc = BigInteger.ZERO;
    for (int k = poly.size() - 1; k >= 0; k--) {
      acc = acc.multiply(BigInteger.valueOf(x)).add(poly.get(k)).mod(Secp256k1.Q);
    }
    return acc;
  }
}
