package io.tbridge.relayer.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbridge.relayer.rpc.HttpJsonRpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real anvil chain on a free 127.0.0.1 port, from the contracts module's pinned npm toolchain.
 * Interim fixture of this module until the testkit's AnvilProcess exists.
 */
public final class TestAnvil implements AutoCloseable {

  private final Process process;
  private final int port;
  private final long chainId;
  private final HttpJsonRpc rpc;
  private final Path log;

  private TestAnvil(Process process, int port, long chainId, Path log) {
    this.process = process;
    this.port = port;
    this.chainId = chainId;
    this.log = log;
    this.rpc = new HttpJsonRpc(url(), Duration.ofSeconds(10));
  }

  /** Starts anvil with {@code chainId}; extra arguments are passed through. */
  public static TestAnvil start(long chainId, String... extraArgs) {
    String anvil =
        System.getProperty(
            "tbridge.anvil", "../contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(anvil);
    cmd.addAll(
        List.of(
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--chain-id",
            Long.toString(chainId),
            "--silent"));
    cmd.addAll(List.of(extraArgs));
    try {
      Path log = Files.createTempFile("tbridge-anvil-", ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      TestAnvil a = new TestAnvil(p, port, chainId, log);
      a.awaitUp();
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitUp() {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        rpc.call("eth_chainId", List.of());
        return;
      } catch (RuntimeException e) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          close();
          throw new IllegalStateException("anvil did not start", e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  /** JSON-RPC URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The chain id. */
  public long chainId() {
    return chainId;
  }

  /** Raw JSON-RPC call. */
  public JsonNode call(String method, Object... params) {
    return rpc.call(method, List.of(params));
  }

  /** Mines {@code n} blocks. */
  public void mine(int n) {
    call("anvil_mine", "0x" + Integer.toHexString(n));
  }

  /** Current block number. */
  public long blockNumber() {
    return Long.decode(call("eth_blockNumber").asText());
  }

  /** Takes a snapshot; returns its id. */
  public String snapshot() {
    return call("evm_snapshot").asText();
  }

  /** Reverts to a snapshot. */
  public void revert(String id) {
    call("evm_revert", id);
  }

  /** Replaces the last {@code depth} blocks with empty ones (anvil_reorg). */
  public void reorg(int depth) {
    call("anvil_reorg", depth, List.of());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
