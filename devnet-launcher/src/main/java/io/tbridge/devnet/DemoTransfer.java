package io.tbridge.devnet;

import io.tbridge.core.LockEvent;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The demo: a user locks TST on chain-a for chain-b and sends part of it back, printing each stage
 * of both transfers with its time and the balances; {@link #run} fails naming the stage that did
 * not come.
 */
final class DemoTransfer {
  static final BigInteger OUT = BigInteger.TEN.pow(18).multiply(BigInteger.TEN);
  static final BigInteger BACK = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(4));
  private static final Duration STAGE = Duration.ofSeconds(90);

  private DemoTransfer() {}

  /** Runs both transfers; returns the balances checked against what they must be. */
  static void run(Devnet d, Progress p) {
    try (Wallet a = d.wallet("chain-a", 0);
        Wallet b = d.wallet("chain-b", 0)) {
      BigInteger a0 = a.balance();
      BigInteger b0 = b.balance();
      p.info(
          "demo",
          "account "
              + a.address().toChecksumHex()
              + ": "
              + Progress.tokens(a0)
              + " TST on chain-a, "
              + Progress.tokens(b0)
              + " on chain-b");
      one(d, p, a, Devnet.CHAIN_B, OUT);
      one(d, p, b, Devnet.CHAIN_A, BACK);
      BigInteger a1 = a.balance();
      BigInteger b1 = b.balance();
      p.info(
          "demo",
          "balances: "
              + Progress.tokens(a1)
              + " TST on chain-a, "
              + Progress.tokens(b1)
              + " on chain-b");
      if (!a1.equals(a0.subtract(OUT).add(BACK)) || !b1.equals(b0.add(OUT).subtract(BACK))) {
        throw new DevnetException(
            "balances: chain-a "
                + a1
                + " (expected "
                + a0.subtract(OUT).add(BACK)
                + "), chain-b "
                + b1
                + " (expected "
                + b0.add(OUT).subtract(BACK)
                + ")");
      }
    }
  }

  private static void one(Devnet d, Progress p, Wallet from, long dst, BigInteger amount) {
    String route = from.chain().name() + " → " + (dst == Devnet.CHAIN_A ? "chain-a" : "chain-b");
    from.approveBridge(amount);
    Instant t0 = Instant.now();
    LockEvent lock = from.lock(amount, dst, from.address());
    p.info(
        "demo",
        route
            + ": locked "
            + Progress.tokens(amount)
            + " TST, deposit "
            + lock.depositId()
            + ", tx "
            + lock.txHash()
            + " (block "
            + lock.blockNumber()
            + ")");
    TransferLog log = d.transfers();
    Transfer t =
        log.await(lock.depositId(), x -> x.finalAt().isPresent(), STAGE, route + ": finality");
    p.info("demo", route + ": final " + Progress.since(t0, t.finalAt()).orElse(""));
    t =
        log.await(
            lock.depositId(),
            x -> x.verifiedBy.size() >= Devnet.THRESHOLD,
            STAGE,
            route + ": verification by the signers");
    for (Map.Entry<Integer, Instant> v : t.verifiedBy.entrySet()) {
      p.info(
          "demo",
          route
              + ": verified by signer "
              + v.getKey()
              + " +"
              + Progress.seconds(Duration.between(t0, v.getValue())));
    }
    t =
        log.await(
            lock.depositId(), x -> x.signedAt().isPresent(), STAGE, route + ": group signature");
    p.info("demo", route + ": signed 2-of-3 " + Progress.since(t0, t.signedAt()).orElse(""));
    t = log.await(lock.depositId(), x -> x.releasedAt().isPresent(), STAGE, route + ": release");
    p.info(
        "demo",
        route
            + ": released "
            + Progress.since(t0, t.releasedAt()).orElse("")
            + ", tx "
            + t.releaseTx().orElse("?"));
  }
}
