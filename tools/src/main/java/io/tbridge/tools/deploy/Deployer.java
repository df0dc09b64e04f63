package io.tbridge.tools.deploy;

import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.chain.deploy.DeploymentException;
import io.tbridge.chain.tx.TransactionSigner;
import io.tbridge.core.Address;
import io.tbridge.tools.deploy.DeployPlan.ChainPlan;
import io.tbridge.tools.deploy.DeployPlan.Kind;
import io.tbridge.tools.deploy.DeployPlan.TokenPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a plan: checks every chain first (key file, chain id, funds), then deploys what neither the
 * plan nor the previous output names, then brings every bridge setting to the plan (sending only
 * the calls whose read-back differs), reads everything back and records the result.
 *
 * <p>Re-running with the same plan and output deploys nothing: recorded contracts are reused once
 * their code is found on the chain (and a recorded bridge answers as a Bridge).
 */
final class Deployer {

  private final DeployPlan plan;
  private final Path out;
  private final PrintWriter log;
  private final Clock clock;
  private final Duration maxTimelockWait;
  private Optional<Deployment> previous = Optional.empty();

  Deployer(DeployPlan plan, Path out, PrintWriter log, Clock clock, Duration maxTimelockWait) {
    this.plan = plan;
    this.out = out;
    this.log = log;
    this.clock = clock;
    this.maxTimelockWait = maxTimelockWait;
  }

  /** Where one chain's contracts are, as far as known. */
  static final class Resolved {
    final ChainPlan chain;
    Address bridge;
    long deployBlock;
    final Map<String, Address> tokens = new LinkedHashMap<>();
    final Map<String, Integer> decimals = new LinkedHashMap<>();

    Resolved(ChainPlan chain) {
      this.chain = chain;
    }
  }

  /** Runs the plan; returns the verified deployment (also written to the output file). */
  Deployment run() {
    previous = readPrevious(out);
    previous.ifPresent(this::checkPrevious);
    prepare(out); // before anything is deployed: its addresses must have a place
    Map<String, TransactionSigner> keys = new LinkedHashMap<>();
    for (ChainPlan c : plan.chains().values()) {
      keys.put(c.name(), KeyFile.read(c.name(), c.deployerKeyFile()));
      KeyFile.exposure(c.name(), c.deployerKeyFile()).ifPresent(log::println);
    }
    Map<String, ChainClient> clients = new LinkedHashMap<>();
    try {
      for (ChainPlan c : plan.chains().values()) {
        ChainClient client = new ChainClient(c, keys.get(c.name()), log);
        clients.put(c.name(), client);
        client.preflight();
      }
      Map<String, Resolved> resolved = new LinkedHashMap<>();
      for (ChainPlan c : plan.chains().values()) {
        Optional<ChainRecord> rec = previous.flatMap(p -> p.chain(c.name()));
        resolved.put(c.name(), resolve(clients.get(c.name()), c, rec, resolved));
      }
      BridgeSettings settings =
          new BridgeSettings(plan, resolved, clients, log, clock, maxTimelockWait);
      settings.apply();
      int checked = settings.verify();
      Deployment done = record(resolved, true);
      write(done, out);
      log.printf("verified %d settings on %d chains; wrote %s%n", checked, resolved.size(), out);
      log.flush();
      return done;
    } finally {
      clients.values().forEach(ChainClient::close);
    }
  }

  /** The previous output; empty when there is none; a file of another kind stops the run. */
  static Optional<Deployment> readPrevious(Path file) {
    try {
      return Deployment.read(file);
    } catch (DeploymentException e) {
      throw new DeployException(
          "output "
              + file
              + " exists but is not a deployment file ("
              + e.reason()
              + "); move it away or pass another --out");
    }
  }

  /** Creates the directory of {@code file}; fails when it cannot be written there. */
  private static void prepare(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DeployException("cannot create the directory of output " + file + ": " + e);
    }
    if (!Files.isWritable(dir)) {
      throw new DeployException("cannot write output " + file + ": its directory is not writable");
    }
  }

  /** Replaces the output atomically; a failure is one line. */
  private static void write(Deployment d, Path file) {
    try {
      d.write(file);
    } catch (UncheckedIOException e) {
      throw new DeployException("cannot write output " + file + ": " + e.getMessage());
    }
  }

  private void checkPrevious(Deployment d) {
    for (ChainRecord r : d.chains()) {
      ChainPlan c = plan.chains().get(r.name());
      if (c != null && c.chainId().value() != r.chainId()) {
        throw new DeployException(
            "output "
                + out
                + " records chain "
                + r.name()
                + " with chain id "
                + r.chainId()
                + " but the plan says "
                + c.chainId()
                + "; pass another --out for another chain");
      }
    }
  }

  private Resolved resolve(
      ChainClient client, ChainPlan c, Optional<ChainRecord> rec, Map<String, Resolved> done) {
    Resolved r = new Resolved(c);
    done.put(c.name(), r);
    if (c.bridge().address().isPresent()) {
      r.bridge = requireBridge(client, c.bridge().address().get(), "bridge.address");
    } else if (rec.isPresent()) {
      r.bridge = requireBridge(client, Address.of(rec.get().bridge()), "recorded bridge");
      r.deployBlock = rec.get().deployBlock();
      log.printf("%s: reusing Bridge %s from %s%n", c.name(), r.bridge, out);
    } else {
      Address me = client.deployer();
      ChainClient.Deployed d =
          client.deployBridge(
              c.bridge().guardian().orElse(me),
              plan.groupSigner(),
              c.bridge().treasury().orElse(me),
              c.bridge().timelockDelaySeconds().getAsInt());
      r.bridge = d.address();
      r.deployBlock = d.block();
      write(record(done, false), out);
    }
    for (TokenPlan t : c.tokens().values()) {
      r.tokens.put(t.symbol(), token(client, r, t, rec, done));
      r.decimals.put(t.symbol(), decimals(client, t, r.tokens.get(t.symbol())));
    }
    return r;
  }

  private Address token(
      ChainClient client,
      Resolved r,
      TokenPlan t,
      Optional<ChainRecord> rec,
      Map<String, Resolved> done) {
    String what = "token " + t.symbol();
    if (t.kind() == Kind.EXISTING) {
      Address a = t.address().get();
      if (!client.hasCode(a)) {
        throw client.fail(what + ": no contract at " + a);
      }
      return a;
    }
    Optional<String> recorded = rec.map(ChainRecord::tokens).map(m -> m.get(t.symbol()));
    if (recorded.isPresent()) {
      Address a = Address.of(recorded.get());
      if (!client.hasCode(a)) {
        throw client.fail(
            what
                + ": recorded at "
                + a
                + " but no code is there (was the chain reset?); "
                + "move "
                + out
                + " away to deploy anew");
      }
      log.printf("%s: reusing %s %s from %s%n", r.chain.name(), what, a, out);
      return a;
    }
    ChainClient.Deployed d =
        t.kind() == Kind.TEST_TOKEN
            ? client.deployTestToken(t.name(), t.symbol(), t.decimals().getAsInt())
            : client.deployBridgedToken(t.name(), t.symbol(), t.decimals().getAsInt(), r.bridge);
    r.tokens.put(t.symbol(), d.address());
    write(record(done, false), out);
    return d.address();
  }

  /** The decimals the bridge records: the token's own decimals(), which the plan must match. */
  private static int decimals(ChainClient client, TokenPlan t, Address token) {
    String what = "token " + t.symbol() + " at " + token;
    BigInteger reported;
    try {
      reported = client.view(what + ": decimals()", client.erc20(token).decimals());
    } catch (DeployException e) {
      if (t.decimals().isPresent()) {
        return t.decimals().getAsInt(); // a token without decimals(): the plan's value stands
      }
      throw client.fail(what + " has no decimals(); give decimals in the plan");
    }
    if (t.decimals().isPresent() && t.decimals().getAsInt() != reported.intValue()) {
      throw client.fail(
          what + " reports " + reported + " decimals, the plan says " + t.decimals().getAsInt());
    }
    return reported.intValue();
  }

  private static Address requireBridge(ChainClient client, Address a, String what) {
    if (!client.hasCode(a)) {
      throw client.fail(
          what
              + " "
              + a
              + " has no code (was the chain reset?); move the output away to deploy anew");
    }
    client.view(what + " " + a + " does not answer as a Bridge", client.bridge(a).groupSigner());
    return a;
  }

  /**
   * The output for what is known: resolved chains, and for the others what the previous output
   * recorded (an intermediate write must never forget a contract deployed by an earlier run).
   */
  private Deployment record(Map<String, Resolved> resolved, boolean verified) {
    List<ChainRecord> chains = new ArrayList<>();
    for (ChainPlan c : plan.chains().values()) {
      Resolved r = resolved.get(c.name());
      if (r == null) {
        previous.flatMap(p -> p.chain(c.name())).ifPresent(chains::add);
        continue;
      }
      Map<String, String> tokens = new LinkedHashMap<>();
      r.tokens.forEach((sym, a) -> tokens.put(sym, a.toChecksumHex()));
      chains.add(
          new ChainRecord(
              r.chain.name(),
              r.chain.chainId().value(),
              r.chain.rpcUrl().toString(),
              r.bridge.toChecksumHex(),
              r.deployBlock,
              tokens));
    }
    return new Deployment(Deployment.FORMAT, verified, plan.groupSigner().toChecksumHex(), chains);
  }
}
