package io.tbridge.chain.testing;

import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.chain.rpc.ResilientJsonRpc;
import io.tbridge.core.ChainId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Builds relayer chain access for tests. */
public final class Chains {

  private Chains() {}

  /** Test resilience: two quick attempts, a generous rate. */
  public static ResilienceSettings fastResilience() {
    return new ResilienceSettings(
        2, Duration.ofMillis(5), 50f, 20, Duration.ofSeconds(30), 10_000, Duration.ofSeconds(1));
  }

  /** One resilient endpoint. */
  public static EthRpc eth(URI url) {
    return new EthRpc(
        new ResilientJsonRpc(
            new HttpJsonRpc(url, Duration.ofSeconds(10)), "test", fastResilience()));
  }

  private static final ExecutorService SHARED_POOL =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-quorum");
            t.setDaemon(true);
            return t;
          });

  /** A quorum reader over {@code urls} on a shared daemon pool. */
  public static QuorumReader reader(long chainId, int quorum, URI... urls) {
    return reader(chainId, quorum, SHARED_POOL, urls);
  }

  /** A quorum reader over {@code urls}. */
  public static QuorumReader reader(long chainId, int quorum, ExecutorService pool, URI... urls) {
    List<EthRpc> eps = new ArrayList<>();
    for (URI u : urls) {
      eps.add(eth(u));
    }
    return new QuorumReader(ChainId.of(chainId), eps, quorum, pool);
  }
}
