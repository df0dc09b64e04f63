package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SafePrimePoolTest {

  @Test
  void backgroundWorkersShouldDeliverDistinctSafePrimes() throws Exception {
    AtomicLong seeds = new AtomicLong();
    try (SafePrimePool pool =
        SafePrimePool.start(512, 4, 2, () -> TestRandom.seeded(seeds.incrementAndGet()))) {
      Set<BigInteger> seen = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        BigInteger p = pool.take(Duration.ofMinutes(2));
        assertThat(SafePrimes.isSafePrime(p, 512)).isTrue();
        seen.add(p);
      }
      assertThat(seen).hasSize(4);
      assertThat(pool.primeBits()).isEqualTo(512);
    }
  }

  @Test
  void fixedPoolShouldHandOutEachPrimeOnceThenFailClearly() throws Exception {
    List<BigInteger> primes = SafePrimeFixtures.primes(1024).subList(0, 2);
    SafePrimePool pool = SafePrimePool.of(1024, primes);
    assertThat(pool.available()).isEqualTo(2);
    PaillierSecretKey key = pool.takePaillierKey(Duration.ofSeconds(1));
    assertThat(key.publicKey().n()).isEqualTo(primes.get(0).multiply(primes.get(1)));
    assertThat(pool.poll()).isEmpty();
    assertThatThrownBy(() -> pool.take(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void fixedPoolShouldRejectNonSafePrimesWithoutRevealingThem() {
    BigInteger good = SafePrimeFixtures.primes(1024).get(0);
    BigInteger bad = good.add(BigInteger.TWO);
    assertThatThrownBy(() -> SafePrimePool.of(1024, List.of(good, bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("#1")
        .hasMessageNotContaining(bad.toString())
        .hasMessageNotContaining(bad.toString(16));
    assertThatThrownBy(() -> SafePrimePool.of(1024, List.of(good, good)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void takeShouldFailAfterTheTimeoutInsteadOfBlockingForever() {
    // A 4096-bit safe prime takes far longer than a millisecond to find.
    try (SafePrimePool pool = SafePrimePool.start(4096, 1, 1, () -> TestRandom.seeded(1))) {
      assertThatThrownBy(() -> pool.take(Duration.ofMillis(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("within");
    }
  }

  @Test
  void toStringShouldShowOnlyCounts() throws Exception {
    SafePrimePool pool = SafePrimePool.of(1024, SafePrimeFixtures.primes(1024).subList(2, 4));
    assertThat(pool.toString()).isEqualTo("SafePrimePool[bits=1024, available=2]");
  }
}
