package io.tbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * A real anvil chain for tests: the binary from the project's own npm install, on a free 127.0.0.1
 * port, with its own temporary directory. {@link #close()} kills the process tree and deletes the
 * directory.
 */
public final class AnvilProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path workDir;
  private final int port;
  private final long chainId;
  private final List<String> devPrivateKeys;
  private final HttpService service;
  private final Web3j web3j;
  private final Thread shutdownHook;
  private boolean closed;

  private AnvilProcess(
      Process process, Path workDir, int port, long chainId, List<String> devPrivateKeys) {
    this.process = process;
    this.workDir = workDir;
    this.port = port;
    this.chainId = chainId;
    this.devPrivateKeys = List.copyOf(devPrivateKeys);
    this.service = new HttpService(rpcUrl());
    this.web3j = Web3j.build(service);
    // A test JVM that dies without close() must not leave a chain running.
    this.shutdownHook = new Thread(this::kill, "anvil-" + port + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder with anvil's defaults: chain id 31337, automine, default epochs. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a default chain (chain id 31337, automine). */
  public static AnvilProcess start() {
    return builder().start();
  }

  /** JSON-RPC endpoint, {@code http://127.0.0.1:PORT}. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The chain id this chain reports. */
  public long chainId() {
    return chainId;
  }

  /** The private keys (0x hex) of anvil's funded dev accounts, in anvil's order. */
  public List<String> devPrivateKeys() {
    return devPrivateKeys;
  }

  /** Credentials of dev account {@code index} (10 000 ETH each at genesis). */
  public Credentials devAccount(int index) {
    return Credentials.create(devPrivateKeys.get(index));
  }

  /** A web3j client bound to this chain, closed with it. */
  public Web3j web3j() {
    return web3j;
  }

  /** The operating-system process id of the launcher (anvil and its watchdog are below it). */
  public long pid() {
    return process.pid();
  }

  /** The temporary directory holding this chain's log, config and cache. */
  public Path workDir() {
    return workDir;
  }

  /** The current head block number. */
  public long blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_blockNumber failed on " + rpcUrl(), e);
    }
  }

  /** The block with this number, or empty if the chain is shorter. */
  public Optional<EthBlock.Block> block(long number) {
    try {
      return Optional.ofNullable(
          web3j
              .ethGetBlockByNumber(
                  org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                  false)
              .send()
              .getBlock());
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber failed on " + rpcUrl(), e);
    }
  }

  /** The block the {@code finalized} tag points at. */
  public EthBlock.Block finalizedBlock() {
    return taggedBlock(DefaultBlockParameterName.FINALIZED);
  }

  /** The block the {@code safe} tag points at. */
  public EthBlock.Block safeBlock() {
    return taggedBlock(DefaultBlockParameterName.SAFE);
  }

  private EthBlock.Block taggedBlock(DefaultBlockParameterName tag) {
    try {
      return web3j.ethGetBlockByNumber(tag, false).send().getBlock();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber(" + tag + ") failed", e);
    }
  }

  /** Mines {@code blocks} blocks at once ({@code anvil_mine}). */
  public void mine(int blocks) {
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be positive");
    }
    call("anvil_mine", List.of(Numeric.toHexStringWithPrefix(BigInteger.valueOf(blocks))));
  }

  /** Takes a snapshot of the whole chain state ({@code evm_snapshot}); returns its id. */
  public String snapshot() {
    JsonNode result = call("evm_snapshot", List.of());
    return result.asText();
  }

  /**
   * Returns the chain to snapshot {@code id} ({@code evm_revert}); the snapshot is used up.
   *
   * @throws IllegalStateException if anvil does not know the snapshot
   */
  public void revert(String id) {
    Objects.requireNonNull(id, "id");
    if (!call("evm_revert", List.of(id)).asBoolean()) {
      throw new IllegalStateException("anvil has no snapshot " + id);
    }
  }

  /**
   * Replaces the last {@code depth} blocks with new empty blocks of the same heights ({@code
   * anvil_reorg}): their hashes change and their transactions are gone.
   */
  public void reorg(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive");
    }
    call("anvil_reorg", List.of(depth, List.of()));
  }

  /**
   * Sends one JSON-RPC request and returns its result.
   *
   * @throws IllegalStateException with anvil's error message if it answers with an error
   */
  public JsonNode call(String method, List<?> params) {
    try {
      Response<Object> response =
          new Request<>(method, List.copyOf(params), service, RawResponse.class).send();
      if (response.hasError()) {
        throw new IllegalStateException(
            method + " failed on " + rpcUrl() + ": " + response.getError().getMessage());
      }
      return JSON.valueToTree(response.getResult());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " failed on " + rpcUrl(), e);
    }
  }

  /** Whether the launcher or any process it started is still running. */
  public boolean isAlive() {
    return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
  }

  /** Kills anvil and everything it started, then deletes its temporary directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    web3j.shutdown();
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook runs kill() again, which is harmless.
    }
    deleteRecursively(workDir);
  }

  @Override
  public String toString() {
    return "AnvilProcess[chainId=" + chainId + ", rpcUrl=" + rpcUrl() + "]";
  }

  private void kill() {
    killTree(process);
  }

  private static void killTree(Process process) {
    // Snapshot the children first: once the launcher dies they are re-parented and lost.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception notYet) {
        handle.destroyForcibly();
      }
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      // Only now, so the watchdog cannot race close() in deleting the directory.
      process.getOutputStream().close();
    } catch (IOException alreadyClosed) {
      // Nothing to do.
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException | UncheckedIOException goneMeanwhile) {
      // Already removed (e.g. by the watchdog): that is the goal.
      if (Files.exists(dir)) {
        throw new IllegalStateException("cannot delete anvil work directory " + dir, goneMeanwhile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete anvil work directory " + dir, e);
    }
  }

  /** JSON-RPC response whose result is kept as plain JSON values. */
  public static final class RawResponse extends Response<Object> {}

  /** Options for a new chain. */
  public static final class Builder {
    private long chainId = 31337;
    private OptionalInt slotsInAnEpoch = OptionalInt.empty();
    private Optional<Duration> blockTime = Optional.empty();
    private Optional<Path> binary = Optional.empty();
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Optional<Path> parentDir = Optional.empty();

    private Builder() {}

    /** The chain id to serve (EIP-155); default 31337. */
    public Builder chainId(long chainId) {
      if (chainId <= 0) {
        throw new IllegalArgumentException("chain id must be positive");
      }
      this.chainId = chainId;
      return this;
    }

    /**
     * Slots per epoch: {@code safe} trails the head by one epoch and {@code finalized} by two, so
     * small values give fast, real finality.
     */
    public Builder slotsInAnEpoch(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("slots in an epoch must be positive");
      }
      this.slotsInAnEpoch = OptionalInt.of(slots);
      return this;
    }

    /** Mine a block every {@code interval} (whole seconds) instead of one per transaction. */
    public Builder blockTime(Duration interval) {
      if (interval.isNegative() || interval.isZero() || interval.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("block time must be a positive whole number of seconds");
      }
      this.blockTime = Optional.of(interval);
      return this;
    }

    /** Mine one block per transaction (anvil's default). */
    public Builder automine() {
      this.blockTime = Optional.empty();
      return this;
    }

    /** Use this anvil executable instead of the project's npm install. */
    public Builder binary(Path binary) {
      this.binary = Optional.of(binary);
      return this;
    }

    /**
     * Create the chain's own directory (deleted again when it stops) inside {@code parent} instead
     * of the system's temporary directory.
     */
    public Builder parentDir(Path parent) {
      this.parentDir = Optional.of(Objects.requireNonNull(parent, "parent"));
      return this;
    }

    /** How long to wait for JSON-RPC to answer; default 60 s (a cold node start on CI). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The command line for {@code port} with config written to {@code workDir}. */
    List<String> command(Path anvil, int port, Path workDir) {
      List<String> command = new ArrayList<>();
      command.add(anvil.toString());
      command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
      command.addAll(List.of("--chain-id", Long.toString(chainId)));
      command.addAll(List.of("--config-out", workDir.resolve("config.json").toString()));
      command.addAll(List.of("--cache-path", workDir.resolve("cache").toString()));
      slotsInAnEpoch.ifPresent(
          slots -> command.addAll(List.of("--slots-in-an-epoch", Integer.toString(slots))));
      blockTime.ifPresent(
          interval -> command.addAll(List.of("--block-time", Long.toString(interval.toSeconds()))));
      return command;
    }

    /**
     * Starts anvil and waits until it answers {@code eth_chainId}.
     *
     * @throws IllegalStateException if the binary is missing or anvil does not come up
     */
    public AnvilProcess start() {
      Path anvil = binary.orElseGet(ProjectPaths::anvilBinary);
      if (!Files.isExecutable(anvil)) {
        throw new IllegalStateException(
            "anvil not found at "
                + anvil
                + ": run contracts/scripts/setup (installs the pinned Foundry toolchain from npm)");
      }
      IllegalStateException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        try {
          return startOnce(anvil);
        } catch (PortTakenException e) {
          // The free port was taken between probing and binding; pick another.
          last = new IllegalStateException(e.getMessage());
        }
      }
      throw last;
    }

    private AnvilProcess startOnce(Path anvil) {
      Path workDir;
      try {
        workDir =
            parentDir.isPresent()
                ? Files.createTempDirectory(
                    Files.createDirectories(parentDir.get()), "anvil-" + chainId + "-")
                : Files.createTempDirectory("tbridge-anvil-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary directory for anvil", e);
      }
      int port = FreePorts.loopback();
      Path log = workDir.resolve("anvil.log");
      // Under the watchdog: the chain never outlives this JVM (even after kill -9 or
      // Runtime.halt), and its directory goes with it.
      List<String> watched = Watchdog.wrap("anvil", command(anvil, port, workDir));
      ProcessBuilder builder =
          new ProcessBuilder(watched)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // Anything anvil writes under ~/.foundry lands in the work directory and dies with it.
      builder.environment().put("HOME", workDir.toString());
      builder.environment().put(Watchdog.CLEAN_UP, workDir.toString());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        deleteRecursively(workDir);
        throw new UncheckedIOException("cannot start " + anvil, e);
      }
      try {
        waitUntilReady(process, port, log);
        List<String> keys = readDevKeys(workDir.resolve("config.json"));
        return new AnvilProcess(process, workDir, port, chainId, keys);
      } catch (RuntimeException e) {
        killTree(process);
        deleteRecursively(workDir);
        throw e;
      }
    }

    private void waitUntilReady(Process process, int port, Path log) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port))
              .timeout(Duration.ofSeconds(2))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
              .build();
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          String output = readLog(log);
          if (output.contains("Address already in use") || output.contains("in use")) {
            throw new PortTakenException("port " + port + " was taken: " + output.strip());
          }
          throw new IllegalStateException(
              "anvil exited with code " + process.exitValue() + " before serving: " + output);
        }
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            long served =
                Numeric.toBigInt(JSON.readTree(response.body()).path("result").asText("0x0"))
                    .longValueExact();
            if (served != chainId) {
              throw new IllegalStateException(
                  "anvil on port " + port + " serves chain " + served + ", not " + chainId);
            }
            return;
          }
        } catch (IOException notYet) {
          // Not listening yet.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for anvil", e);
        }
        sleep(Duration.ofMillis(50));
      }
      throw new IllegalStateException(
          "anvil did not answer on port "
              + port
              + " within "
              + startupTimeout
              + ": "
              + readLog(log));
    }

    private static List<String> readDevKeys(Path config) {
      try {
        // anvil writes the file before it starts serving, but allow a moment for the flush.
        for (int i = 0; i < 100 && (!Files.exists(config) || Files.size(config) == 0); i++) {
          sleep(Duration.ofMillis(20));
        }
        JsonNode keys = JSON.readTree(config.toFile()).path("private_keys");
        List<String> out = new ArrayList<>();
        keys.forEach(key -> out.add(key.asText()));
        if (out.isEmpty()) {
          throw new IllegalStateException("anvil wrote no dev keys to " + config);
        }
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read anvil's dev keys from " + config, e);
      }
    }

    private static String readLog(Path log) {
      try {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    private static void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for anvil", e);
      }
    }
  }

  private static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
