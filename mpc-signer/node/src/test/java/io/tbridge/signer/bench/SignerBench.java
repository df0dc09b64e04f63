package io.tbridge.signer.bench;

import io.tbridge.core.Address;
import io.tbridge.core.LockEvent;
import io.tbridge.signer.support.Locks;
import io.tbridge.signer.support.SignerCluster;
import io.tbridge.tss.paillier.SecurityLevel;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Latency of one release through three real signer nodes (2-of-3, real Kafka, real anvil): from the
 * hint of a final lock on the locks topic to its group signature on the signed topic, which covers
 * each node's own verification and the threshold signing. Run once with presignatures made on
 * demand and once with a warm stock. Not a test: a bench command (docs/benchmarks.md).
 *
 * <p>Arguments: transfers per mode (default 30), security level {@code production} or {@code test}
 * (default production).
 */
public final class SignerBench {

  private SignerBench() {}

  /** Runs the bench and prints one line per mode. */
  public static void main(String[] args) throws Exception {
    int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    SecurityLevel level =
        args.length > 1 && args[1].equals("test") ? SecurityLevel.TEST : SecurityLevel.PRODUCTION;
    long t0 = System.nanoTime();
    try (SignerCluster cluster = SignerCluster.start(level, 3, 2)) {
      System.out.printf(
          Locale.ROOT,
          "ceremony (keygen + aux-info, %s, fixture primes): %.1f s%n",
          level.name(),
          (System.nanoTime() - t0) / 1e9);
      for (int stock : new int[] {0, 2}) {
        cluster.startAll(SignerCluster.timing(2, stock));
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
          if (stock > 0) {
            awaitFullStock(cluster, stock);
          } else {
            Thread.sleep(1500); // let the proof-randomness pool refill, as between real transfers
          }
          LockEvent lock =
              cluster.lock(BigInteger.valueOf(1000 + i), Address.of("0x" + "b7".repeat(20)));
          cluster.mineA(4);
          long start = System.nanoTime();
          cluster.publish(lock);
          if (Locks.signedFor(cluster.signed(), lock.depositId(), 1, Duration.ofMinutes(2))
              .isEmpty()) {
            throw new IllegalStateException("transfer " + i + " was not signed");
          }
          ms.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(ms);
        System.out.printf(
            Locale.ROOT,
            "stock-depth %d: %d transfers, hint -> signed p50 %.0f ms, p90 %.0f ms, max %.0f ms%n",
            stock,
            ms.size(),
            pct(ms, 0.50),
            pct(ms, 0.90),
            ms.get(ms.size() - 1));
      }
    }
    System.exit(0);
  }

  private static void awaitFullStock(SignerCluster cluster, int depth) throws InterruptedException {
    List<Integer> parties = cluster.topology().indices();
    long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < until) {
      boolean full = true;
      for (int i = 0; i < parties.size(); i++) {
        for (int j = i + 1; j < parties.size(); j++) {
          List<Integer> c = List.of(parties.get(i), parties.get(j));
          full &= cluster.node(c.get(0)).stocked(c) >= depth;
        }
      }
      if (full) {
        Thread.sleep(200); // the members finish the last session a moment after the picker
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the stock did not fill");
  }

  private static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
