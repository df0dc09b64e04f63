package io.tbridge.tss.precompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.testing.TestRandom;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's contract: correct items, each handed out at most once (also under concurrency), misses
 * computed on the spot, bounded queues, pause/close, no secrets in toString. A 512-bit modulus
 * keeps the exponentiations cheap: correctness does not depend on the size.
 */
class ProofRandomnessPoolTest {
  private static final SecureRandom SETUP = TestRandom.seeded(61);
  private static final BigInteger N =
      BigInteger.probablePrime(256, SETUP).multiply(BigInteger.probablePrime(256, SETUP));
  private static final PaillierMath MATH = PaillierMath.ofModulus(N);
  private static final RingPedersenParams RP = ringPedersen(N, SETUP);

  /** An executor that only queues tasks, so a test decides when filling happens. */
  private static final class ManualExecutor implements java.util.concurrent.Executor {
    final Queue<Runnable> pending = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
      pending.add(command);
    }

    int runAll() {
      int ran = 0;
      for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
        r.run();
        ran++;
      }
      return ran;
    }
  }

  private final List<ProofRandomnessPool> pools = new ArrayList<>();
  private ExecutorService threads;

  @AfterEach
  void closeEverything() throws InterruptedException {
    pools.forEach(ProofRandomnessPool::close);
    if (threads != null) {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private ProofRandomnessPool pool(java.util.concurrent.Executor executor, int capacity) {
    ProofRandomnessPool p =
        ProofRandomnessPool.create(executor, capacity, 2, TestRandom.seeded(62));
    pools.add(p);
    return p;
  }

  private static RingPedersenParams ringPedersen(BigInteger n, SecureRandom random) {
    BigInteger t = BigInts.randomUnit(n, random).modPow(BigInteger.TWO, n);
    BigInteger s = t.modPow(new BigInteger(128, random), n);
    return new RingPedersenParams(n, s, t);
  }

  private static void assertCorrect(EncryptionNoise noise) {
    assertThat(noise.modulus()).isEqualTo(N);
    assertThat(noise.rToN()).isEqualTo(noise.r().modPow(N, N.multiply(N)));
  }

  private static void assertCorrect(CommitmentMask m, int aBits, int bBits) {
    assertThat(m.modulus()).isEqualTo(N);
    assertThat(BigInts.inSignedRange(m.a(), aBits)).isTrue();
    assertThat(m.b().abs()).isLessThanOrEqualTo(N.shiftLeft(bBits));
    assertThat(m.value()).isEqualTo(RP.commit(m.a(), m.b()));
  }

  @Test
  void shouldFillToCapacityAndServeCorrectItemsAsHits() {
    ProofRandomnessPool pool = pool(Runnable::run, 4);
    pool.prepareNoise(MATH, 5);
    pool.prepareCommitments(RP, MATH, 40, 20, 3);
    pool.prepareBlindings(RP, MATH, 16, 2);
    assertThat(pool.isFull()).isTrue();
    assertThat(pool.available()).isEqualTo(10);
    assertThat(pool.capacity()).isEqualTo(10);

    assertCorrect(pool.encryptionNoise(MATH));
    assertCorrect(pool.commitment(RP, MATH, 40, 20), 40, 20);
    CommitmentMask blinding = pool.blinding(RP, MATH, 16);
    assertCorrect(blinding, 0, 16);
    assertThat(blinding.a()).isZero();
    assertThat(pool.hits()).isEqualTo(3);
    assertThat(pool.misses()).isZero();
    // The direct executor refilled each queue right after the take.
    assertThat(pool.isFull()).isTrue();
    assertThat(pool.produced()).isEqualTo(13);
  }

  @Test
  void shouldComputeOnTheSpotWhenEmptyAndCountAMiss() {
    ManualExecutor manual = new ManualExecutor();
    ProofRandomnessPool pool = pool(manual, 3);
    // Never filled: every request is a miss, yet correct.
    assertCorrect(pool.encryptionNoise(MATH));
    assertCorrect(pool.commitment(RP, MATH, 30, 10), 30, 10);
    assertThat(pool.misses()).isEqualTo(2);
    assertThat(pool.hits()).isZero();
    // The misses registered both queues with the default capacity; filling brings them up.
    assertThat(manual.runAll()).isPositive();
    assertThat(pool.available()).isEqualTo(6);
    assertCorrect(pool.encryptionNoise(MATH));
    assertThat(pool.hits()).isEqualTo(1);
  }

  @Test
  void twoTakesShouldNeverReturnTheSameItem() {
    ManualExecutor manual = new ManualExecutor();
    ProofRandomnessPool pool = pool(manual, 40);
    pool.prepareNoise(MATH, 40);
    pool.prepareCommitments(RP, MATH, 32, 8, 40);
    manual.runAll();
    assertThat(pool.isFull()).isTrue();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<BigInteger> rs = new java.util.HashSet<>();
    Set<BigInteger> as = new java.util.HashSet<>();
    // Drain both queues completely, then keep going into misses and refills.
    for (int i = 0; i < 60; i++) {
      EncryptionNoise noise = pool.encryptionNoise(MATH);
      CommitmentMask mask = pool.commitment(RP, MATH, 32, 8);
      assertThat(seen.add(noise)).isTrue();
      assertThat(seen.add(mask)).isTrue();
      assertThat(rs.add(noise.r())).isTrue();
      assertThat(as.add(mask.b())).isTrue();
      if (i == 45) {
        manual.runAll();
      }
    }
    assertThat(pool.hits() + pool.misses()).isEqualTo(120);
    assertThat(pool.misses()).isPositive();
  }

  @Test
  void concurrentTakesShouldNeverShareAnItem() throws Exception {
    threads = Executors.newFixedThreadPool(6);
    // Filling runs on two of the threads while four takers drain the same queue.
    ProofRandomnessPool pool = ProofRandomnessPool.create(threads, 16, 2, new SecureRandom());
    pools.add(pool);
    pool.prepareNoise(MATH, 16);
    int takers = 4;
    int perTaker = 150;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<EncryptionNoise>>> results = new ArrayList<>();
    for (int k = 0; k < takers; k++) {
      results.add(
          threads.submit(
              () -> {
                start.await();
                List<EncryptionNoise> mine = new ArrayList<>();
                for (int i = 0; i < perTaker; i++) {
                  mine.add(pool.encryptionNoise(MATH));
                }
                return mine;
              }));
    }
    start.countDown();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<BigInteger> rs = new java.util.HashSet<>();
    for (Future<List<EncryptionNoise>> f : results) {
      for (EncryptionNoise noise : f.get(120, TimeUnit.SECONDS)) {
        assertThat(seen.add(noise)).as("the same item handed out twice").isTrue();
        assertThat(rs.add(noise.r())).as("the same randomness handed out twice").isTrue();
        assertCorrect(noise);
      }
    }
    assertThat(pool.hits() + pool.misses()).isEqualTo((long) takers * perTaker);
    assertThat(pool.hits()).isPositive();
  }

  @Test
  void shouldNeverQueueMoreThanItsCapacity() {
    ManualExecutor manual = new ManualExecutor();
    ProofRandomnessPool pool = pool(manual, 5);
    pool.prepareNoise(MATH, 5);
    pool.prepareNoise(MATH, 5);
    pool.encryptionNoise(MATH);
    manual.runAll();
    manual.runAll();
    assertThat(pool.available()).isEqualTo(5);
    assertThat(pool.isFull()).isTrue();
    assertThat(manual.pending).isEmpty();
  }

  @Test
  void pauseShouldStopFillingUntilResumed() {
    ManualExecutor manual = new ManualExecutor();
    ProofRandomnessPool pool = pool(manual, 3);
    pool.pause();
    pool.prepareNoise(MATH, 3);
    assertThat(manual.pending).isEmpty();
    assertCorrect(pool.encryptionNoise(MATH));
    assertThat(manual.pending).isEmpty();
    pool.resume();
    manual.runAll();
    assertThat(pool.isFull()).isTrue();
    // A fill task already queued when the pool is paused ends without producing.
    pool.encryptionNoise(MATH);
    pool.pause();
    long before = pool.produced();
    manual.runAll();
    assertThat(pool.produced()).isEqualTo(before);
  }

  @Test
  void closeShouldDropItemsAndKeepServingOnTheSpot() {
    ProofRandomnessPool pool = pool(Runnable::run, 4);
    pool.prepareNoise(MATH, 4);
    assertThat(pool.available()).isEqualTo(4);
    pool.close();
    assertThat(pool.available()).isZero();
    long produced = pool.produced();
    assertCorrect(pool.encryptionNoise(MATH));
    assertThat(pool.misses()).isEqualTo(1);
    assertThat(pool.produced()).isEqualTo(produced);
    assertThat(pool.available()).isZero();
  }

  @Test
  void aLargerCapacityShouldKeepTheQueuedItems() {
    AtomicInteger executed = new AtomicInteger();
    ProofRandomnessPool pool =
        pool(
            r -> {
              executed.incrementAndGet();
              r.run();
            },
            2);
    pool.prepareNoise(MATH, 2);
    pool.prepareNoise(MATH, 6);
    assertThat(pool.available()).isEqualTo(6);
    assertThat(pool.capacity()).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      assertCorrect(pool.encryptionNoise(MATH));
    }
    assertThat(pool.hits()).isEqualTo(6);
    assertThat(executed.get()).isPositive();
  }

  @Test
  void shouldRefuseBadArguments() {
    assertThatThrownBy(() -> ProofRandomnessPool.create(Runnable::run, 0, 1, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProofRandomnessPool.create(Runnable::run, 4, 0, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    ProofRandomnessPool pool = pool(Runnable::run, 2);
    PaillierMath other = PaillierMath.ofModulus(N.add(BigInteger.TWO));
    assertThatThrownBy(() -> pool.prepareCommitments(RP, other, 10, 10, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool.commitment(RP, MATH, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool.prepareBlindings(RP, MATH, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inlineRandomnessShouldBeReproducibleFromASeed() {
    ProofRandomness a = ProofRandomness.inline(TestRandom.seeded(63));
    ProofRandomness b = ProofRandomness.inline(TestRandom.seeded(63));
    assertThat(a.encryptionNoise(MATH)).isEqualTo(b.encryptionNoise(MATH));
    CommitmentMask ma = a.commitment(RP, MATH, 50, 12);
    assertThat(ma).isEqualTo(b.commitment(RP, MATH, 50, 12));
    assertCorrect(ma, 50, 12);
    assertCorrect(a.blinding(RP, MATH, 12), 0, 12);
  }

  @Test
  void noSecretShouldAppearInToString() {
    ProofRandomnessPool pool = pool(Runnable::run, 2);
    pool.prepareNoise(MATH, 2);
    EncryptionNoise noise = pool.encryptionNoise(MATH);
    CommitmentMask mask = pool.commitment(RP, MATH, 20, 20);
    for (String s : List.of(noise.toString(), mask.toString(), pool.toString())) {
      assertThat(s)
          .doesNotContain(noise.r().toString())
          .doesNotContain(noise.r().toString(16))
          .doesNotContain(noise.rToN().toString())
          .doesNotContain(mask.a().toString())
          .doesNotContain(mask.b().toString())
          .doesNotContain(mask.value().toString());
    }
    assertThat(noise.toString()).contains("redacted");
    assertThat(mask.toString()).contains("redacted");
    assertThat(pool.toString()).contains("hits=").contains("misses=");
  }

  @Test
  void itemsShouldRejectInconsistentValues() {
    assertThatThrownBy(() -> new EncryptionNoise(N, N, BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EncryptionNoise(N, BigInteger.TWO, N.multiply(N)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitmentMask(N, BigInteger.ONE, BigInteger.ONE, N))
        .isInstanceOf(IllegalArgumentException.class);
    EncryptionNoise noise = ProofRandomness.inline(TestRandom.seeded(64)).encryptionNoise(MATH);
    assertThat(noise.encrypt(MATH, BigInteger.TEN))
        .isEqualTo(MATH.encrypt(BigInteger.TEN, noise.r()));
    assertThatThrownBy(
            () -> noise.encrypt(PaillierMath.ofModulus(N.add(BigInteger.TWO)), BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
