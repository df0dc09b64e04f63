package io.tbridge.tss.presign;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.fixtures.AuxInfoFixture;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.protocol.SessionRegistry;
import io.tbridge.tss.testing.KeygenFixture;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.testing.TestRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Key material and presigning runs for tests: real keygen and aux-info (cached per JVM by their
 * fixtures), then presigning among a chosen signing subset over {@link LocalNetwork}.
 */
public final class PresignFixture {
  private PresignFixture() {}

  /** Key shares and aux info of one committee. */
  public record Keys(
      Committee committee, Map<Integer, KeyShare> shares, Map<Integer, AuxInfo> aux) {}

  /** Runs keygen and the real aux-info protocol for a t-of-n committee at {@code level}. */
  public static Keys keys(int t, int n, SecurityLevel level, long seed) {
    Committee committee = Committee.ofSize(t, n);
    return new Keys(
        committee,
        KeygenFixture.generate(committee, seed),
        AuxInfoFixture.generate(committee, level, seed));
  }

  /**
   * Runs keygen and assembles aux info from fixture keys without running the aux-info protocol (its
   * proofs are tested elsewhere): milliseconds instead of seconds, for presign and sign unit tests.
   */
  public static Keys directKeys(int t, int n, SecurityLevel level, long seed) {
    Committee committee = Committee.ofSize(t, n);
    return new Keys(
        committee,
        KeygenFixture.generate(committee, seed),
        AuxInfoFixture.direct(committee, level, seed));
  }

  /** Presigning sessions for {@code signers}, not started. */
  public static Map<Integer, PresignSession> sessions(
      Keys keys,
      List<Integer> signers,
      SessionId sid,
      SessionRegistry registry,
      long seed,
      Executor executor)
      throws ProtocolAbort {
    Map<Integer, PresignSession> sessions = new TreeMap<>();
    for (int p : signers) {
      sessions.put(
          p,
          new PresignSession(
              sid,
              keys.shares().get(p),
              keys.aux().get(p),
              signers,
              registry,
              TestRandom.seeded(seed * 7919 + p),
              executor));
    }
    return sessions;
  }

  /**
   * A daemon pool with one thread per core for the per-counterparty work (the common fork-join pool
   * has only cores − 1 threads, a single one on a 2-core machine).
   */
  public static final Executor POOL =
      Executors.newFixedThreadPool(
          Runtime.getRuntime().availableProcessors(),
          r -> {
            Thread t = new Thread(r, "presign-test-pool");
            t.setDaemon(true);
            return t;
          });

  /** Runs an honest presigning among {@code signers} and returns every party's presignature. */
  public static Map<Integer, Presignature> presign(Keys keys, List<Integer> signers, long seed) {
    try {
      Map<Integer, PresignSession> sessions =
          sessions(
              keys,
              signers,
              KeygenFixture.sessionId("presign", seed),
              new InMemorySessionRegistry(),
              seed,
              POOL);
      LocalNetwork.Outcome<Presignature> outcome = LocalNetwork.run(sessions, seed);
      if (!outcome.allFinished(signers.size())) {
        throw new IllegalStateException("honest presigning did not finish: " + outcome.aborts());
      }
      return outcome.results();
    } catch (ProtocolAbort e) {
      throw new IllegalStateException(e);
    }
  }
}
