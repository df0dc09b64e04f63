package io.tbridge.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.store.AtomicFiles;
import io.tbridge.core.Address;
import io.tbridge.testkit.AnvilProcess;
import io.tbridge.testkit.KafkaBroker;
import io.tbridge.tools.deploy.DeployCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;

/**
 * A running devnet: two anvil chains, a Kafka broker, the deployed contracts, three signer nodes
 * (2-of-3, keys from their own dealer-less ceremony) and a relayer, each service its own process.
 * {@link #start} brings it up stage by stage and {@link #close} stops everything it started: the
 * services together, then the broker and the chains. The end-to-end tests use the same class, and
 * its fault methods ({@link #signer(int)}, {@link #relayer()}).
 */
public final class Devnet implements AutoCloseable {
  /** chain-a's chain id. */
  public static final long CHAIN_A = 31337;

  /** chain-b's chain id. */
  public static final long CHAIN_B = 31338;

  /** Signer parties. */
  public static final int PARTIES = 3;

  /** Signatures needed. */
  public static final int THRESHOLD = 2;

  /** Demo accounts' TST on chain-a at start (whole tokens). */
  public static final BigInteger DEMO_FUNDS =
      BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(1_000_000));

  private static final String PLACEHOLDER_GROUP = "0x00000000000000000000000000000000000000aa";
  private static final int DEPLOYER = 0;
  private static final int RELAYER = 1;
  private static final int FIRST_DEMO = 2;
  private static final int DEMO_ACCOUNTS = 4;

  private final Options options;
  private final DevnetLayout layout;
  private final Progress progress;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private AnvilProcess anvilA;
  private AnvilProcess anvilB;
  private KafkaBroker kafka;
  private List<DevChain> chains = List.of();
  private final Map<Integer, ServiceProcess> signers = new TreeMap<>();
  private ServiceProcess relayer;
  private String groupAddress;
  private TransferLog transfers;
  private volatile boolean closing;

  /**
   * How to run.
   *
   * @param dir the devnet directory
   * @param repoRoot the repository (runner jars, contracts toolchain)
   * @param reset delete the directory, keys included, first
   * @param progress where stage lines go
   */
  public record Options(Path dir, Path repoRoot, boolean reset, Progress progress) {}

  private Devnet(Options options) {
    this.options = options;
    this.layout = new DevnetLayout(options.dir());
    this.progress = options.progress();
  }

  /**
   * Starts every part and writes the state file.
   *
   * @throws DevnetException naming the stage that failed (everything started is stopped again)
   */
  public static Devnet start(Options options) {
    Devnet d = new Devnet(options);
    try {
      d.up();
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private void up() {
    Path signerJar = runnerJar("mpc-signer/node");
    Path relayerJar = runnerJar("relayer");
    // Taken before anything is deleted: a second devnet on the same directory stops here.
    track(layout.lock());
    if (options.reset()) {
      progress.stage("reset", "deleting " + layout.root() + " (keys included)");
      layout.reset();
    }
    layout.freshRun();
    SecureRandom random = new SecureRandom();

    progress.stage("chains", "starting chain-a and chain-b (anvil, 1 s blocks) and Kafka");
    CompletableFuture<KafkaBroker> broker =
        CompletableFuture.supplyAsync(() -> KafkaBroker.startIn(layout.run().resolve("kafka")));
    try {
      anvilA = track(anvil(CHAIN_A));
      anvilB = track(anvil(CHAIN_B));
    } catch (RuntimeException e) {
      broker.thenAccept(KafkaBroker::close);
      throw new DevnetException("anvil did not start: " + e.getMessage(), e);
    }
    try {
      kafka = track(broker.join());
    } catch (java.util.concurrent.CompletionException e) {
      throw new DevnetException("Kafka did not start: " + e.getCause().getMessage(), e);
    }
    progress.done(
        "chains",
        "chain-a "
            + anvilA.rpcUrl()
            + ", chain-b "
            + anvilB.rpcUrl()
            + ", Kafka "
            + kafka.bootstrapServers());

    Path deployerKey = layout.run().resolve("deployer.key");
    SignerParties.writeSecret(deployerKey, anvilA.devPrivateKeys().get(DEPLOYER) + "\n");
    Optional<String> knownGroup = readGroup();
    progress.stage("contracts", "deploying Bridge, TST and its BridgedToken, routes both ways");
    deploy(deployerKey, knownGroup.orElse(PLACEHOLDER_GROUP));
    for (int i = 0; i < DEMO_ACCOUNTS; i++) {
      try (Wallet w = new Wallet(chain("chain-a"), anvilA.devAccount(FIRST_DEMO + i))) {
        w.mintTestTokens(DEMO_FUNDS);
      }
    }
    progress.done(
        "contracts",
        "chain-a bridge "
            + chain("chain-a").bridge()
            + ", chain-b bridge "
            + chain("chain-b").bridge());

    boolean first = SignerParties.ensure(layout, PARTIES, THRESHOLD, random);
    progress.stage(
        "signers",
        first
            ? "first start: 3 parties generate safe primes, then keygen and aux-info over Kafka"
                + " (no dealer; a few minutes, once)"
            : "starting 3 signer nodes with their stored key shares");
    for (int p = 1; p <= PARTIES; p++) {
      Path cfg = ConfigFiles.signer(layout, p, chains, kafka.bootstrapServers());
      signers.put(
          p,
          track(
              ServiceProcess.start(
                  "signer-" + p, signerJar, cfg, layout.logs().resolve("signer-" + p + ".log"))));
    }
    List<String> groups = new ArrayList<>();
    for (ServiceProcess s : signers.values()) {
      ServiceProcess.Readiness r =
          s.awaitReady(
              first ? Duration.ofMinutes(25) : Duration.ofMinutes(3),
              line -> progress.detail(s.name(), line));
      groups.add(
          r.data("groupAddress")
              .orElseThrow(() -> new DevnetException(s.name() + " reports no group address")));
    }
    if (groups.stream().distinct().count() != 1) {
      throw new DevnetException("the signers report different group addresses: " + groups);
    }
    groupAddress = groups.get(0);
    writeGroup(groupAddress);
    progress.done("signers", "2-of-3 group address " + groupAddress);
    if (!knownGroup.map(groupAddress::equalsIgnoreCase).orElse(false)) {
      progress.stage(
          "contracts", "setting the group address as both bridges' signer (timelocked 1 s)");
      deploy(deployerKey, groupAddress);
      progress.done("contracts", "group signer set on both bridges");
    }

    progress.stage("relayer", "starting the relayer (watch and submit on both chains)");
    Path relayerKey = layout.run().resolve("relayer.key");
    SignerParties.writeSecret(relayerKey, anvilA.devPrivateKeys().get(RELAYER) + "\n");
    relayer =
        track(
            ServiceProcess.start(
                "relayer",
                relayerJar,
                ConfigFiles.relayer(layout, chains, kafka.bootstrapServers(), relayerKey),
                layout.logs().resolve("relayer.log")));
    relayer.awaitReady(Duration.ofMinutes(2), line -> progress.detail("relayer", line));
    progress.done("relayer", "ready on http://127.0.0.1:" + relayer.port());

    transfers =
        track(
            new TransferLog(
                chains,
                kafka.bootstrapServers(),
                Clock.systemUTC(),
                progress::released,
                progress::problem));
    writeState();
  }

  private AnvilProcess anvil(long chainId) {
    return AnvilProcess.builder()
        .binary(
            options.repoRoot().resolve("contracts").resolve("node_modules/.bin").resolve("anvil"))
        .parentDir(layout.run().resolve("chains"))
        .chainId(chainId)
        .slotsInAnEpoch(2)
        .blockTime(Duration.ofSeconds(1))
        .start();
  }

  private void deploy(Path key, String group) {
    Path plan = ConfigFiles.deployPlan(layout, anvilA.rpcUrl(), anvilB.rpcUrl(), key, group);
    Path out = layout.run().resolve("deployment.json");
    StringWriter log = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new DeployCommand())
            .setOut(new PrintWriter(log, true))
            .setErr(new PrintWriter(err, true))
            .execute("--plan", plan.toString(), "--out", out.toString());
    try {
      Files.writeString(
          layout.logs().resolve("deploy.log"),
          log + err.toString(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (code != 0) {
      String first = err.toString().strip().lines().findFirst().orElse("exit " + code);
      throw new DevnetException(first + " (see " + layout.logs().resolve("deploy.log") + ")");
    }
    Deployment d =
        Deployment.read(out).orElseThrow(() -> new DevnetException("deploy wrote no " + out));
    List<DevChain> cs = new ArrayList<>();
    for (Deployment.ChainRecord c : d.chains()) {
      cs.add(
          new DevChain(
              c.name(),
              c.chainId(),
              c.rpcUrl(),
              c.bridge(),
              c.deployBlock(),
              c.tokens().get("TST")));
    }
    chains = List.copyOf(cs);
  }

  private Optional<String> readGroup() {
    try {
      return Files.exists(layout.groupFile())
          ? Optional.of(Files.readString(layout.groupFile()).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeGroup(String group) {
    AtomicFiles.write(layout.groupFile(), group + "\n");
  }

  private void writeState() {
    Map<String, Object> s = new LinkedHashMap<>();
    List<Map<String, Object>> cs = new ArrayList<>();
    for (DevChain c : chains) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("chainId", c.chainId());
      m.put("rpcUrl", c.rpcUrl());
      m.put("bridge", c.bridge());
      m.put("tokens", Map.of("TST", c.token()));
      cs.add(m);
    }
    s.put("chains", cs);
    s.put("kafka", kafka.bootstrapServers());
    s.put("groupAddress", groupAddress);
    s.put("threshold", THRESHOLD);
    s.put("parties", PARTIES);
    List<Map<String, String>> accounts = new ArrayList<>();
    for (int i = 0; i < DEMO_ACCOUNTS; i++) {
      Credentials c = anvilA.devAccount(FIRST_DEMO + i);
      accounts.add(
          Map.of(
              "address",
              Address.of(c.getAddress()).toChecksumHex(),
              "privateKey",
              anvilA.devPrivateKeys().get(FIRST_DEMO + i)));
    }
    s.put("accounts", accounts);
    Map<String, Object> services = new LinkedHashMap<>();
    signers.forEach((p, sp) -> services.put(sp.name(), "http://127.0.0.1:" + sp.port()));
    services.put("relayer", "http://127.0.0.1:" + relayer.port());
    s.put("services", services);
    s.put("ready", true);
    try {
      AtomicFiles.write(
          layout.stateFile(),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s)
              + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path runnerJar(String module) {
    Path target = options.repoRoot().resolve(module).resolve("target");
    try (var files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new DevnetException(
                      "no runner jar in " + target + ": build it first (./devnet builds it)"));
    } catch (IOException e) {
      throw new DevnetException(
          "no runner jar in " + target + ": build it first (./devnet builds it)");
    }
  }

  private void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      progress.problem("stopping " + c + ": " + e.getMessage());
    }
  }

  private <T extends AutoCloseable> T track(T t) {
    started.push(t);
    return t;
  }

  /** The chain named {@code name} ({@code chain-a}, {@code chain-b}). */
  public DevChain chain(String name) {
    return chains.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no chain " + name));
  }

  /** Both chains. */
  public List<DevChain> chains() {
    return chains;
  }

  /** The anvil process of the chain named {@code name} (mining, reorgs in tests). */
  public AnvilProcess anvil(String name) {
    return switch (name) {
      case "chain-a" -> anvilA;
      case "chain-b" -> anvilB;
      default -> throw new IllegalArgumentException("no chain " + name);
    };
  }

  /** Demo account {@code i} (0..3) on the chain named {@code name}. */
  public Wallet wallet(String name, int i) {
    if (i < 0 || i >= DEMO_ACCOUNTS) {
      throw new IllegalArgumentException("demo accounts are 0.." + (DEMO_ACCOUNTS - 1));
    }
    return new Wallet(chain(name), anvilA.devAccount(FIRST_DEMO + i));
  }

  /** Signer node {@code p}'s process (1..3). */
  public ServiceProcess signer(int p) {
    ServiceProcess s = signers.get(p);
    if (s == null) {
      throw new IllegalArgumentException("signers are 1.." + PARTIES + ", got " + p);
    }
    return s;
  }

  /** Every service process: the signers, then the relayer. */
  public List<ServiceProcess> services() {
    List<ServiceProcess> all = new ArrayList<>(signers.values());
    if (relayer != null) {
      all.add(relayer);
    }
    return all;
  }

  /** The relayer's process. */
  public ServiceProcess relayer() {
    return relayer;
  }

  /** The Kafka bootstrap address. */
  public String kafka() {
    return kafka.bootstrapServers();
  }

  /** The group address every release is signed by. */
  public String groupAddress() {
    return groupAddress;
  }

  /** Everything seen of every transfer. */
  public TransferLog transfers() {
    return transfers;
  }

  /** Whether {@link #close()} has begun (services stopping now are stopped on purpose). */
  public boolean closing() {
    return closing;
  }

  /** The devnet's files. */
  public DevnetLayout layout() {
    return layout;
  }

  /** Stops every process this devnet started, the last started first. */
  @Override
  public void close() {
    closing = true;
    // The services first, all at once (each takes a few seconds to stop); then chains and broker.
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    while (!started.isEmpty() && !(started.peek() instanceof KafkaBroker)) {
      AutoCloseable c = started.pop();
      stops.add(CompletableFuture.runAsync(() -> closeQuietly(c)));
    }
    stops.forEach(CompletableFuture::join);
    while (!started.isEmpty()) {
      closeQuietly(started.pop());
    }
    try {
      Files.deleteIfExists(layout.stateFile());
    } catch (IOException ignored) {
      // best effort: a stale file says ready=true of a devnet that is gone
    }
  }
}
