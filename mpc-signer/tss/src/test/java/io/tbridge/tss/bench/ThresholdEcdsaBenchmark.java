package io.tbridge.tss.bench;

import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.auxinfo.AuxInfoSession;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.keygen.KeygenSession;
import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Secp256k1;
import io.tbridge.tss.paillier.PaillierMath;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.RingPedersenParams;
import io.tbridge.tss.paillier.RingPedersenSetup;
import io.tbridge.tss.paillier.SafePrimePool;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.precompute.ProofRandomnessPool;
import io.tbridge.tss.presign.PresignSession;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolAbort;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.sign.SignSession;
import io.tbridge.tss.testing.LocalNetwork;
import io.tbridge.tss.zk.PiAffG;
import io.tbridge.tss.zk.PiEnc;
import io.tbridge.tss.zk.PiLogStar;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Benchmark command for the threshold-ECDSA library (not a test: it prints timings, it asserts only
 * that every run succeeds). All parties run in this one process, messages go through {@link
 * LocalNetwork} (shuffled, each delivered twice), and each party computes its per-counterparty work
 * on a shared pool of {@code --threads} threads.
 *
 * <pre>
 * mvn -B -ntp -o -q -pl mpc-signer/tss test-compile exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=io.tbridge.tss.bench.ThresholdEcdsaBenchmark \
 *   -Dexec.args="--level PRODUCTION --committees 2-3,3-5,5-9 --reps 3 --prime-seconds 120"
 * </pre>
 *
 * Options: {@code --level PRODUCTION|TEST}; {@code --committees t-n,...}; {@code --reps} presign
 * runs per committee after one warm-up run, each followed by one online signature with the fresh
 * presignature (medians are reported); {@code --threads} pool size (default: available processors;
 * 1 = sequential); {@code --prime-seconds} how long to measure the safe-prime generation rate (0
 * skips it); {@code --primitives true|false} to time the single proofs with and without the CRT
 * optimisation; {@code --pool true|false} (default false) gives every signer a {@link
 * ProofRandomnessPool} holding exactly one presignature's worth of proof randomness, refilled
 * between runs by {@code --fill-threads} background threads (default 2) and paused while a presign
 * runs: the table then shows presign latency with a warm pool and, separately, the CPU the refill
 * took; {@code --throughput n} (default 0) runs n presignatures back to back (with the pool: while
 * it refills concurrently) and reports presignatures per second.
 */
public final class ThresholdEcdsaBenchmark {
  private static final AtomicLong SESSIONS = new AtomicLong();

  private ThresholdEcdsaBenchmark() {}

  /** Runs the benchmark; see the class comment for options. */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    SecurityLevel level =
        "TEST".equalsIgnoreCase(opts.getOrDefault("level", "PRODUCTION"))
            ? SecurityLevel.TEST
            : SecurityLevel.PRODUCTION;
    int threads =
        Integer.parseInt(
            opts.getOrDefault("threads", "" + Runtime.getRuntime().availableProcessors()));
    int reps = Integer.parseInt(opts.getOrDefault("reps", "3"));
    int primeSeconds = Integer.parseInt(opts.getOrDefault("prime-seconds", "60"));
    boolean primitives = Boolean.parseBoolean(opts.getOrDefault("primitives", "true"));
    boolean usePool = Boolean.parseBoolean(opts.getOrDefault("pool", "false"));
    int fillThreads = Integer.parseInt(opts.getOrDefault("fill-threads", "2"));
    int throughput = Integer.parseInt(opts.getOrDefault("throughput", "0"));
    List<int[]> committees = new ArrayList<>();
    for (String c : opts.getOrDefault("committees", "2-3,3-5,5-9").split(",")) {
      String[] tn = c.split("-");
      committees.add(new int[] {Integer.parseInt(tn[0]), Integer.parseInt(tn[1])});
    }

    System.out.println("## Machine");
    System.out.println(
        "- CPU: "
            + cpuModel()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores visible");
    System.out.println(
        "- Java: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version")
            + ", max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB");
    System.out.println(
        "- Level: "
            + level.name()
            + " ("
            + level.paillierBits()
            + "-bit N), pool threads "
            + threads);
    System.out.println();

    if (primitives) {
      primitives(level);
    }
    if (primeSeconds > 0) {
      primeRate(level, primeSeconds);
    }
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    Executor executor = pool != null ? pool : Runnable::run;
    ExecutorService fill = usePool ? Executors.newFixedThreadPool(fillThreads, daemon()) : null;
    try {
      System.out.println(
          "## Protocol runs (all parties in one process"
              + (usePool ? ", warm proof-randomness pools" : "")
              + ")");
      System.out.println();
      System.out.println(
          "| committee | keygen | aux-info (pooled primes) | presign, median of "
              + reps
              + " | presign CPU | online sign, median of "
              + reps
              + " | sign CPU (thread) |"
              + (usePool
                  ? " pool refill per presign (wall / CPU) | CPU per presign incl. refill |"
                      + " hits / misses |"
                  : ""));
      System.out.println("|---|---|---|---|---|---|---|" + (usePool ? "---|---|---|" : ""));
      for (int[] tn : committees) {
        committee(level, tn[0], tn[1], reps, executor, Optional.ofNullable(fill), throughput);
      }
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
      if (fill != null) {
        fill.shutdownNow();
      }
    }
  }

  private static void committee(
      SecurityLevel level,
      int t,
      int n,
      int reps,
      Executor executor,
      Optional<ExecutorService> fill,
      int throughput)
      throws Exception {
    Committee committee = Committee.ofSize(t, n);
    SecureRandom random = new SecureRandom();

    long t0 = System.nanoTime();
    long c0 = cpu();
    InMemorySessionRegistry registry = new InMemorySessionRegistry();
    SessionId keygenSid = sid();
    Map<Integer, KeygenSession> keygen = new TreeMap<>();
    for (int p : committee.parties()) {
      keygen.put(p, new KeygenSession(keygenSid, committee, p, registry, random));
    }
    Map<Integer, KeyShare> shares = finish(LocalNetwork.run(keygen, 1), n, "keygen");
    double keygenMs = ms(t0);
    double keygenCpu = (cpu() - c0) / 1e6;

    t0 = System.nanoTime();
    c0 = cpu();
    SessionId auxSid = sid();
    Map<Integer, AuxInfoSession> aux = new TreeMap<>();
    List<Integer> parties = committee.parties();
    for (int k = 0; k < n; k++) {
      int p = parties.get(k);
      // The pool stands in for keys generated ahead of time: fixture primes, as a node's
      // SafePrimePool would hand them out.
      aux.put(
          p,
          new AuxInfoSession(
              auxSid,
              p,
              committee,
              level,
              SafePrimeFixtures.paillierKey(level, k),
              random,
              registry));
    }
    Map<Integer, AuxInfo> auxInfo = finish(LocalNetwork.run(aux, 2), n, "aux-info");
    double auxMs = ms(t0);
    double auxCpu = (cpu() - c0) / 1e6;

    List<Integer> signers = parties.subList(0, t);
    // One pool per signer, as each node would hold its own; all filled by the same threads.
    Map<Integer, ProofRandomnessPool> pools = new TreeMap<>();
    if (fill.isPresent()) {
      for (int p : signers) {
        ProofRandomnessPool pl = ProofRandomnessPool.create(fill.get(), 1, 2, new SecureRandom());
        PresignSession.preparePool(pl, auxInfo.get(p), signers, 1);
        pools.put(p, pl);
      }
      awaitFull(pools);
    }
    List<Double> fillMs = new ArrayList<>();
    List<Double> fillCpu = new ArrayList<>();
    List<Double> presignMs = new ArrayList<>();
    List<Double> signMs = new ArrayList<>();
    List<Double> presignCpu = new ArrayList<>();
    List<Double> signCpu = new ArrayList<>();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
    // Run 0 warms the JIT up and is not counted.
    for (int rep = 0; rep <= reps; rep++) {
      // The pools are full here and paused: the presign gets both cores, as in a node that
      // refills its pool in idle time.
      pools.values().forEach(ProofRandomnessPool::pause);
      long p0 = System.nanoTime();
      long pc0 = cpu();
      Map<Integer, PresignSession> presign = new TreeMap<>();
      SessionId presignSid = sid();
      for (int p : signers) {
        presign.put(
            p,
            new PresignSession(
                presignSid,
                shares.get(p),
                auxInfo.get(p),
                signers,
                registry,
                random,
                executor,
                Optional.ofNullable(pools.get(p))));
      }
      Map<Integer, Presignature> presignatures =
          finish(LocalNetwork.run(presign, rep), t, "presign");
      double presignTime = ms(p0);
      double presignCpuTime = (cpu() - pc0) / 1e6;
      if (!pools.isEmpty()) {
        long f0 = System.nanoTime();
        long fc0 = cpu();
        pools.values().forEach(ProofRandomnessPool::resume);
        awaitFull(pools);
        if (rep > 0) {
          fillMs.add(ms(f0));
          fillCpu.add((cpu() - fc0) / 1e6);
        }
      }

      long s0 = System.nanoTime();
      // Signing runs entirely in this thread: its CPU time has nanosecond resolution.
      long sc0 = threadCpu();
      Map<Integer, SignSession> sign = new TreeMap<>();
      SessionId signSid = sid();
      for (int p : signers) {
        sign.put(p, new SignSession(signSid, presignatures.get(p), digest, registry));
      }
      finish(LocalNetwork.run(sign, rep), t, "sign");
      double signTime = ms(s0);
      double signCpuTime = (threadCpu() - sc0) / 1e6;
      if (rep > 0) {
        presignMs.add(presignTime);
        signMs.add(signTime);
        presignCpu.add(presignCpuTime);
        signCpu.add(signCpuTime);
      }
    }
    System.out.printf(
        "| %d-of-%d | %.0f ms (CPU %.0f ms) | %.1f s (CPU %.1f s) | %.2f s | %.2f s | %.2f ms | %.2f"
            + " ms |",
        t,
        n,
        keygenMs,
        keygenCpu,
        auxMs / 1000,
        auxCpu / 1000,
        median(presignMs) / 1000,
        median(presignCpu) / 1000,
        median(signMs),
        median(signCpu));
    if (!pools.isEmpty()) {
      long hits = pools.values().stream().mapToLong(ProofRandomnessPool::hits).sum();
      long misses = pools.values().stream().mapToLong(ProofRandomnessPool::misses).sum();
      System.out.printf(
          " %.2f s / %.2f s | %.2f s | %d / %d |",
          median(fillMs) / 1000,
          median(fillCpu) / 1000,
          (median(presignCpu) + median(fillCpu)) / 1000,
          hits,
          misses);
    }
    System.out.println();
    if (throughput > 0) {
      // Back to back, the pools (if any) refilling concurrently: what the machine sustains.
      pools.values().forEach(ProofRandomnessPool::resume);
      long t0b = System.nanoTime();
      long c0b = cpu();
      for (int i = 0; i < throughput; i++) {
        Map<Integer, PresignSession> presign = new TreeMap<>();
        SessionId presignSid = sid();
        for (int p : signers) {
          presign.put(
              p,
              new PresignSession(
                  presignSid,
                  shares.get(p),
                  auxInfo.get(p),
                  signers,
                  registry,
                  random,
                  executor,
                  Optional.ofNullable(pools.get(p))));
        }
        finish(LocalNetwork.run(presign, i), t, "presign");
      }
      double seconds = (System.nanoTime() - t0b) / 1e9;
      double cpuSeconds = (cpu() - c0b) / 1e9;
      long misses = pools.values().stream().mapToLong(ProofRandomnessPool::misses).sum();
      System.out.printf(
          "%n%d-of-%d, %d presignatures back to back%s: %.1f s, %.3f presignatures/s, CPU %.2f s"
              + " per presignature%s%n%n",
          t,
          n,
          throughput,
          pools.isEmpty() ? "" : " (pools refilling concurrently)",
          seconds,
          throughput / seconds,
          cpuSeconds / throughput,
          pools.isEmpty() ? "" : ", pool misses so far " + misses);
    }
    pools.values().forEach(ProofRandomnessPool::close);
  }

  private static void awaitFull(Map<Integer, ProofRandomnessPool> pools)
      throws InterruptedException {
    while (!pools.values().stream().allMatch(ProofRandomnessPool::isFull)) {
      Thread.sleep(2);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread th = new Thread(r, "proof-randomness-fill");
      th.setDaemon(true);
      return th;
    };
  }

  /**
   * Times the building blocks at this level, with and without the prover's / verifier's factors, so
   * the effect of the CRT optimisation is visible separately from the protocol.
   */
  private static void primitives(SecurityLevel level) throws ProtocolAbort {
    SecureRandom random = new SecureRandom();
    PaillierSecretKey proverKey = SafePrimeFixtures.paillierKey(level, 0);
    PaillierSecretKey verifierKey = SafePrimeFixtures.paillierKey(level, 1);
    PaillierMath proverOwn = PaillierMath.of(proverKey);
    PaillierMath proverPublic = PaillierMath.of(proverKey.publicKey());
    PaillierMath verifierOwn = PaillierMath.of(verifierKey);
    PaillierMath verifierPublic = PaillierMath.of(verifierKey.publicKey());
    RingPedersenParams rp = RingPedersenSetup.generate(verifierKey, random).params();
    SessionId sid = sid();
    BigInteger k = Secp256k1.randomScalar(random);
    BigInteger rho = BigInts.randomUnit(proverOwn.n(), random);
    BigInteger bigK = proverOwn.encrypt(k, rho);
    BigInteger c = verifierOwn.encrypt(k, BigInts.randomUnit(verifierOwn.n(), random));
    BigInteger x = Secp256k1.randomScalar(random);
    BigInteger y = BigInts.randomSigned(level.ellPrime(), random);
    BigInteger s = BigInts.randomUnit(verifierOwn.n(), random);
    BigInteger r = BigInts.randomUnit(proverOwn.n(), random);
    BigInteger d =
        verifierPublic
            .powModNSquared(c, x)
            .multiply(verifierPublic.encrypt(y, s))
            .mod(verifierPublic.nSquared());
    BigInteger f = proverOwn.encrypt(y, r);

    int it = 5;
    PaillierMath rpPublic = PaillierMath.ofModulus(rp.n());
    ECPoint xPoint = Secp256k1.mulG(x);
    ECPoint kPoint = Secp256k1.mulG(k);
    System.out.println(
        "## Building blocks ("
            + level.paillierBits()
            + "-bit N, CPU time of one thread, mean of "
            + it
            + ")");
    System.out.println();
    System.out.println("| operation | plain BigInteger.modPow | with CRT (own factors) |");
    System.out.println("|---|---|---|");
    row(
        "Paillier encryption",
        it,
        () -> proverPublic.encrypt(k, rho),
        () -> proverOwn.encrypt(k, rho));
    PiEnc enc = PiEnc.prove(sid, 1, 2, proverOwn, bigK, k, rho, rp, rpPublic, level, random);
    row(
        "Π-enc prove",
        it,
        () -> PiEnc.prove(sid, 1, 2, proverPublic, bigK, k, rho, rp, rpPublic, level, random),
        () -> PiEnc.prove(sid, 1, 2, proverOwn, bigK, k, rho, rp, rpPublic, level, random));
    row(
        "Π-enc verify",
        it,
        () -> enc.verify(sid, 1, 2, proverPublic, bigK, rp, rpPublic, level),
        () -> enc.verify(sid, 1, 2, proverPublic, bigK, rp, verifierOwn, level));
    PiAffG.Witness witness = new PiAffG.Witness(x, y, s, r);
    PiAffG aff =
        PiAffG.prove(
            sid,
            1,
            2,
            new PiAffG.Statement(verifierPublic, proverOwn, c, d, f, xPoint),
            witness,
            rp,
            rpPublic,
            level,
            random);
    row(
        "Π-aff-g prove",
        it,
        () ->
            PiAffG.prove(
                sid,
                1,
                2,
                new PiAffG.Statement(verifierPublic, proverPublic, c, d, f, xPoint),
                witness,
                rp,
                rpPublic,
                level,
                random),
        () ->
            PiAffG.prove(
                sid,
                1,
                2,
                new PiAffG.Statement(verifierPublic, proverOwn, c, d, f, xPoint),
                witness,
                rp,
                rpPublic,
                level,
                random));
    row(
        "Π-aff-g verify",
        it,
        () ->
            aff.verify(
                sid,
                1,
                2,
                new PiAffG.Statement(verifierPublic, proverPublic, c, d, f, xPoint),
                rp,
                rpPublic,
                level),
        () ->
            aff.verify(
                sid,
                1,
                2,
                new PiAffG.Statement(verifierOwn, proverPublic, c, d, f, xPoint),
                rp,
                verifierOwn,
                level));
    PiLogStar log =
        PiLogStar.prove(
            sid, 1, 2, proverOwn, bigK, Secp256k1.G, kPoint, k, rho, rp, rpPublic, level, random);
    row(
        "Π-log* prove",
        it,
        () ->
            PiLogStar.prove(
                sid,
                1,
                2,
                proverPublic,
                bigK,
                Secp256k1.G,
                kPoint,
                k,
                rho,
                rp,
                rpPublic,
                level,
                random),
        () ->
            PiLogStar.prove(
                sid,
                1,
                2,
                proverOwn,
                bigK,
                Secp256k1.G,
                kPoint,
                k,
                rho,
                rp,
                rpPublic,
                level,
                random));
    row(
        "Π-log* verify",
        it,
        () -> log.verify(sid, 1, 2, proverPublic, bigK, Secp256k1.G, kPoint, rp, rpPublic, level),
        () ->
            log.verify(sid, 1, 2, proverPublic, bigK, Secp256k1.G, kPoint, rp, verifierOwn, level));
    System.out.println();
  }

  /** Something to time. */
  @FunctionalInterface
  private interface Op {
    void run() throws ProtocolAbort;
  }

  private static void row(String name, int it, Op plain, Op crt) throws ProtocolAbort {
    double[] mean = new double[2];
    Op[] ops = {plain, crt};
    for (int o = 0; o < 2; o++) {
      ops[o].run();
      // Thread CPU time: stable even when other processes compete for the cores.
      long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (int i = 0; i < it; i++) {
        ops[o].run();
      }
      long t1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      mean[o] = (t1 - t0) / 1e6 / it;
    }
    System.out.printf("| %s | %.1f ms | %.1f ms |%n", name, mean[0], mean[1]);
  }

  private static void primeRate(SecurityLevel level, int seconds) throws InterruptedException {
    int threads = Runtime.getRuntime().availableProcessors();
    long t0 = System.nanoTime();
    try (SafePrimePool pool =
        SafePrimePool.start(level.primeBits(), 1000, threads, SecureRandom::new)) {
      Thread.sleep(seconds * 1000L);
      int made = pool.available();
      double minutes = (System.nanoTime() - t0) / 60e9;
      System.out.println("## Safe-prime generation");
      System.out.println();
      System.out.printf(
          "%d-bit safe primes, %d threads: %d in %.1f min = %.1f primes/min (a %d-bit Paillier key"
              + " needs 2)%n%n",
          level.primeBits(), threads, made, minutes, made / minutes, level.paillierBits());
    }
  }

  private static <R> Map<Integer, R> finish(
      LocalNetwork.Outcome<R> out, int expected, String what) {
    if (!out.allFinished(expected)) {
      throw new IllegalStateException(what + " failed: " + out.aborts());
    }
    return out.results();
  }

  private static SessionId sid() {
    byte[] b =
        ByteBuffer.allocate(32)
            .putLong(System.nanoTime())
            .putLong(SESSIONS.incrementAndGet())
            .array();
    return new SessionId(b);
  }

  /** CPU time of the whole process (all threads), in nanoseconds. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the calling thread, in nanoseconds. */
  private static long threadCpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(Double::compare);
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
