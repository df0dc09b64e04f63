package io.tbridge.tools.reconcile;

import io.tbridge.chain.reconcile.ChainSource;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EndpointNames;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.ResilienceSettings;
import io.tbridge.chain.rpc.ResilientJsonRpc;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.core.ChainId;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;

/**
 * Connects to one chain and checks it before anything is read: the endpoint answers, reports the
 * expected chain id, and has code at the bridge address. Each failure is one line naming the
 * endpoint as {@code scheme://host:port} (never its path or query, where API keys live).
 */
final class ChainAccess {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ChainAccess() {}

  /** The checked chain as a reconciliation source, or a {@link CheckFailed}. */
  static ChainSource open(ChainTarget t, OptionalLong toBlock, ExecutorService pool) {
    String endpoint = EndpointNames.safeName(t.rpcUrl());
    EthRpc eth =
        new EthRpc(
            new ResilientJsonRpc(
                new HttpJsonRpc(t.rpcUrl(), TIMEOUT), t.name(), ResilienceSettings.defaults()));
    long reported;
    try {
      reported = eth.chainId();
    } catch (RpcException e) {
      throw new CheckFailed(
          "chain "
              + t.name()
              + ": RPC "
              + endpoint
              + " does not answer ("
              + e.kind().label()
              + ")");
    }
    if (reported != t.chainId()) {
      throw new CheckFailed(
          "chain "
              + t.name()
              + ": RPC "
              + endpoint
              + " reports chain id "
              + reported
              + ", expected "
              + t.chainId());
    }
    try {
      if (eth.code(t.bridge(), BlockRef.LATEST).length == 0) {
        throw new CheckFailed("chain " + t.name() + ": no contract at bridge " + t.bridge());
      }
    } catch (RpcException e) {
      throw new CheckFailed(
          "chain "
              + t.name()
              + ": RPC "
              + endpoint
              + " does not answer ("
              + e.kind().label()
              + ")");
    }
    QuorumReader reader = new QuorumReader(ChainId.of(t.chainId()), List.of(eth), 1, pool);
    return new ChainSource(
        t.name(), ChainId.of(t.chainId()), reader, t.bridge(), t.fromBlock(), toBlock);
  }

  /** A chain failed its check; the message is one line. */
  static final class CheckFailed extends RuntimeException {
    CheckFailed(String message) {
      super(message);
    }
  }
}
