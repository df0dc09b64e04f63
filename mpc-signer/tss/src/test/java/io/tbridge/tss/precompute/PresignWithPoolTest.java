package io.tbridge.tss.precompute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignFixture;
import io.tbridge.tss.presign.PresignSession;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.sign.EcdsaSignature;
import io.tbridge.tss.sign.SignFixture;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presigning with the proof randomness drawn from each party's own pool. */
class PresignWithPoolTest {
  private static final List<Integer> SIGNERS = List.of(1, 2, 3);
  private static PresignFixture.Keys keys;

  /** Runs fill tasks only when the test says so, so the pools' contents can be observed. */
  private static final class ManualExecutor implements Executor {
    final Queue<Runnable> pending = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
      pending.add(command);
    }

    void runAll() {
      for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
        r.run();
      }
    }
  }

  @BeforeAll
  static void setUp() {
    keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 31);
  }

  private static Map<Integer, Presignature> presign(
      Map<Integer, ProofRandomnessPool> pools, String label, long seed) throws ProtocolAbort {
    SessionId sid = KeygenFixture.sessionId(label, 1);
    InMemorySessionRegistry registry = new InMemorySessionRegistry();
    Map<Integer, PresignSession> sessions = new TreeMap<>();
    for (int p : SIGNERS) {
      sessions.put(
          p,
          new PresignSession(
              sid,
              keys.shares().get(p),
              keys.aux().get(p),
              SIGNERS,
              registry,
              TestRandom.seeded(seed * 100 + p),
              PresignFixture.POOL,
              Optional.of(pools.get(p))));
    }
    LocalNetwork.Outcome<Presignature> out = LocalNetwork.run(sessions, 32);
    assertThat(out.aborts()).isEmpty();
    assertThat(out.allFinished(SIGNERS.size())).isTrue();
    return out.results();
  }

  private static void assertSigns(Map<Integer, Presignature> presignatures, String label) {
    byte[] digest = new byte[32];
    digest[31] = 7;
    // SignSession verifies the signature and its recovery id before it finishes.
    LocalNetwork.Outcome<EcdsaSignature> signed =
        SignFixture.sign(presignatures, digest, KeygenFixture.sessionId(label, 2), 33);
    assertThat(signed.allFinished(SIGNERS.size())).isTrue();
  }

  @Test
  void warmPoolsShouldCoverAPresignatureExactlyAndItShouldSign() throws Exception {
    ManualExecutor fill = new ManualExecutor();
    Map<Integer, ProofRandomnessPool> pools = new TreeMap<>();
    for (int p : SIGNERS) {
      ProofRandomnessPool pool =
          ProofRandomnessPool.create(fill, 1, 1, TestRandom.seeded(3200 + p));
      PresignSession.preparePool(pool, keys.aux().get(p), SIGNERS, 1);
      pools.put(p, pool);
    }
    fill.runAll();
    int perPresignature = PresignSession.poolItemsPerPresignature(SIGNERS.size());
    for (ProofRandomnessPool pool : pools.values()) {
      assertThat(pool.isFull()).isTrue();
      assertThat(pool.available()).isEqualTo(perPresignature);
    }

    Map<Integer, Presignature> first = presign(pools, "pool-presign-1", 1);
    for (ProofRandomnessPool pool : pools.values()) {
      // Every prepared item was used once, and nothing had to be computed on the spot.
      assertThat(pool.hits()).isEqualTo(perPresignature);
      assertThat(pool.misses()).isZero();
      assertThat(pool.available()).isZero();
    }
    for (int p : SIGNERS) {
      assertThat(first.get(p).nonce()).isEqualTo(first.get(1).nonce());
    }
    assertSigns(first, "pool-sign-1");

    // Refilled, the pools serve a second presigning with a fresh nonce.
    fill.runAll();
    Map<Integer, Presignature> second = presign(pools, "pool-presign-2", 2);
    assertThat(second.get(1).nonce()).isNotEqualTo(first.get(1).nonce());
    for (ProofRandomnessPool pool : pools.values()) {
      assertThat(pool.misses()).isZero();
      assertThat(pool.hits()).isEqualTo(2L * perPresignature);
      pool.close();
    }
    assertSigns(second, "pool-sign-2");
  }

  @Test
  void coldPoolsShouldStillPresignByComputingOnTheSpot() throws Exception {
    ManualExecutor neverRun = new ManualExecutor();
    Map<Integer, ProofRandomnessPool> pools = new TreeMap<>();
    for (int p : SIGNERS) {
      pools.put(p, ProofRandomnessPool.create(neverRun, 1, 1, TestRandom.seeded(3300 + p)));
    }
    Map<Integer, Presignature> presignatures = presign(pools, "cold-pool-presign", 3);
    for (ProofRandomnessPool pool : pools.values()) {
      assertThat(pool.hits()).isZero();
      assertThat(pool.misses()).isEqualTo(PresignSession.poolItemsPerPresignature(SIGNERS.size()));
      pool.close();
    }
    assertSigns(presignatures, "cold-pool-sign");
  }
}
