package io.tbridge.devnet.bench;

import io.tbridge.core.LockEvent;
import io.tbridge.devnet.Devnet;
import io.tbridge.devnet.Progress;
import io.tbridge.devnet.Transfer;
import io.tbridge.devnet.Wallet;
import io.tbridge.testkit.ProjectPaths;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./bench devnet [transfers] [burst]}: the devnet's own processes, measured from outside.
 *
 * <p>Latency: transfers chain-a → chain-b sent one at a time (each lock mined, then a pause of 0.5
 * s: about one transfer every 1–1.5 s, so every transfer finds warm presignature stocks and no
 * queue), measured from the relayer's FINAL report of the lock (the moment the source chain's
 * finalized head passed it) to the devnet seeing the {@code Released} event on chain-b (polled
 * every 200 ms). Throughput: {@code burst} locks chain-a → chain-b sent at once from four accounts,
 * counted from the first FINAL report to the last release.
 */
public final class DevnetBench {
  private static final BigInteger ONE = BigInteger.TEN.pow(18);

  private DevnetBench() {}

  /** Runs the bench. */
  public static void main(String[] args) throws Exception {
    int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path root = ProjectPaths.repoRoot();
    Progress progress = new Progress(System.out, Clock.systemUTC());
    try (Devnet d =
        Devnet.start(
            new Devnet.Options(
                root.resolve("devnet-launcher/target/bench-devnet"), root, false, progress))) {
      try (Wallet a = d.wallet("chain-a", 0);
          Wallet b = d.wallet("chain-b", 0)) {
        a.approveBridge(ONE.multiply(BigInteger.valueOf(1_000_000)));
        progress.info("bench", "warm-up: 10 transfers");
        await(d, a.lockMany(10, ONE, Devnet.CHAIN_B, b.address()));
        progress.info("bench", "latency: " + transfers + " transfers, one at a time");
        List<LockEvent> paced = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
          paced.add(sendOne(a, b));
          Thread.sleep(500);
        }
        List<Transfer> done = await(d, paced);
        List<Long> ms = new ArrayList<>();
        for (Transfer t : done) {
          ms.add(
              Duration.between(t.finalAt().orElseThrow(), t.releasedAt().orElseThrow()).toMillis());
        }
        ms.sort(Long::compare);
        System.out.printf(
            Locale.ROOT,
            "latency final→released over %d transfers: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
            ms.size(),
            pct(ms, 50),
            pct(ms, 90),
            pct(ms, 99),
            ms.get(ms.size() - 1));
      }
      throughput(d, burst, progress);
    }
  }

  private static LockEvent sendOne(Wallet a, Wallet b) {
    return a.lockMany(1, ONE, Devnet.CHAIN_B, b.address()).get(0);
  }

  private static void throughput(Devnet d, int burst, Progress progress) {
    progress.info("bench", "throughput: " + burst + " locks at once from 4 accounts");
    List<Wallet> ws = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Wallet w = d.wallet("chain-a", i);
        w.approveBridge(ONE.multiply(BigInteger.valueOf(1_000_000)));
        ws.add(w);
      }
      List<java.util.concurrent.CompletableFuture<List<LockEvent>>> sent = new ArrayList<>();
      for (Wallet w : ws) {
        sent.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> w.lockMany(burst / ws.size(), ONE, Devnet.CHAIN_B, w.address())));
      }
      List<LockEvent> locks = new ArrayList<>();
      sent.forEach(f -> locks.addAll(f.join()));
      List<Transfer> done = await(d, locks);
      Instant first =
          done.stream().map(t -> t.finalAt().orElseThrow()).min(Instant::compareTo).orElseThrow();
      Instant last =
          done.stream()
              .map(t -> t.releasedAt().orElseThrow())
              .max(Instant::compareTo)
              .orElseThrow();
      double s = Duration.between(first, last).toMillis() / 1000.0;
      System.out.printf(
          Locale.ROOT,
          "throughput: %d transfers released %.1f s after the first was final: %.1f transfers/s%n",
          done.size(),
          s,
          done.size() / s);
    } finally {
      ws.forEach(Wallet::close);
    }
  }

  private static List<Transfer> await(Devnet d, List<LockEvent> locks) {
    List<Transfer> out = new ArrayList<>();
    for (LockEvent l : locks) {
      out.add(
          d.transfers()
              .await(
                  l.depositId(),
                  t -> t.releasedAt().isPresent() && t.finalAt().isPresent(),
                  Duration.ofMinutes(5),
                  "release of " + l.depositId()));
    }
    return out;
  }

  private static long pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
