package io.tbridge.chain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbridge.testkit.AnvilProcess;
import java.net.URI;
import java.util.List;

/**
 * A real anvil chain on a free 127.0.0.1 port: the testkit's {@link AnvilProcess} with the few
 * calls the relayer tests use.
 */
public final class TestAnvil implements AutoCloseable {

  private final AnvilProcess anvil;

  private TestAnvil(AnvilProcess anvil) {
    this.anvil = anvil;
  }

  /** Starts an automining anvil with {@code chainId}. */
  public static TestAnvil start(long chainId) {
    return new TestAnvil(AnvilProcess.builder().chainId(chainId).start());
  }

  /** JSON-RPC URL. */
  public URI url() {
    return URI.create(anvil.rpcUrl());
  }

  /** The anvil process id (tests stop it with SIGSTOP to simulate a hung node). */
  public long pid() {
    return anvil.pid();
  }

  /** The chain id. */
  public long chainId() {
    return anvil.chainId();
  }

  /** Raw JSON-RPC call; returns the result. */
  public JsonNode call(String method, Object... params) {
    return anvil.call(method, List.of(params));
  }

  /** Mines {@code n} blocks. */
  public void mine(int n) {
    anvil.mine(n);
  }

  /** Current block number. */
  public long blockNumber() {
    return anvil.blockNumber();
  }

  /** Takes a snapshot; returns its id. */
  public String snapshot() {
    return anvil.snapshot();
  }

  /** Reverts to a snapshot. */
  public void revert(String id) {
    anvil.revert(id);
  }

  /** Replaces the last {@code depth} blocks with empty ones (anvil_reorg). */
  public void reorg(int depth) {
    anvil.reorg(depth);
  }

  @Override
  public void close() {
    anvil.close();
  }
}
