package io.tbridge.tools.reconcile;

import io.tbridge.chain.reconcile.ChainSource;
import io.tbridge.chain.reconcile.ReconcileException;
import io.tbridge.chain.reconcile.ReconcileReport;
import io.tbridge.chain.reconcile.Reconciliation;
import io.tbridge.core.finality.ChainProfile;
import io.tbridge.core.finality.ChainProfiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tbridge reconcile}: reads both chains' bridge events up to their final heads and prints
 * per route what was locked, released, voided, refunded and is still pending, the custody of each
 * custody token against what the events owe, and every finding. Exit 0 clean, 1 with findings, 2 on
 * bad input or an endpoint that cannot be used.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Reconciles two chains' bridges from their events alone (Locked, Released, DepositVoided,"
          + " Refunded), up to each chain's final head: per route the locks, releases, voids,"
          + " refunds and pending deposits, and the custody of each LOCK_RELEASE token.",
      "Findings: a release without its lock (CRITICAL: value left without a deposit), a deposit"
          + " released twice or released and voided, a refund twice or without a void, custody"
          + " below what the events owe, bridged supply above the custody backing it.",
      "Read from each bridge's deployment block (the default with --deployment-file): a range"
          + " that starts later reports releases of earlier locks as releases without a lock.",
      "Exit status: 0 clean, 1 findings, 2 bad input or an unusable endpoint (one line on"
          + " stderr)."
    })
public final class ReconcileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--deployment-file",
      paramLabel = "FILE",
      description =
          "Output of ./tbridge deploy --out: chain ids, bridges, RPC URLs, deploy blocks.")
  Optional<Path> deploymentFile = Optional.empty();

  @Option(
      names = "--chains",
      split = ",",
      paramLabel = "A,B",
      description = "The two chains of --deployment-file to reconcile (default: its two chains).")
  List<String> chains = new ArrayList<>();

  @Option(names = "--a-rpc-url", paramLabel = "URL", description = "Chain a's JSON-RPC URL.")
  Optional<String> aRpcUrl = Optional.empty();

  @Option(names = "--a-chain-id", paramLabel = "ID", description = "Chain a's chain id.")
  Optional<Long> aChainId = Optional.empty();

  @Option(names = "--a-bridge", paramLabel = "ADDRESS", description = "Chain a's Bridge.")
  Optional<String> aBridge = Optional.empty();

  @Option(names = "--b-rpc-url", paramLabel = "URL", description = "Chain b's JSON-RPC URL.")
  Optional<String> bRpcUrl = Optional.empty();

  @Option(names = "--b-chain-id", paramLabel = "ID", description = "Chain b's chain id.")
  Optional<Long> bChainId = Optional.empty();

  @Option(names = "--b-bridge", paramLabel = "ADDRESS", description = "Chain b's Bridge.")
  Optional<String> bBridge = Optional.empty();

  @Option(
      names = "--from-block",
      paramLabel = "N",
      description = "First block on both chains (default: each deployBlock of the file, else 0).")
  Optional<Long> fromBlock = Optional.empty();

  @Option(
      names = "--to-block",
      paramLabel = "N",
      description = "Last block on both chains; must be final (default: each chain's final head).")
  Optional<Long> toBlock = Optional.empty();

  @Option(
      names = "--profile",
      defaultValue = "ethereum-pos",
      paramLabel = "NAME",
      description =
          "Finality profile of both chains (ethereum-pos, bsc, polygon-pos, op-stack, arbitrum,"
              + " anvil-devnet; default ${DEFAULT-VALUE}).")
  String profile;

  @Option(
      names = "--max-range",
      defaultValue = "" + Reconciliation.DEFAULT_MAX_RANGE,
      paramLabel = "BLOCKS",
      description =
          "Blocks per eth_getLogs; halved when an endpoint refuses (default ${DEFAULT-VALUE}).")
  int maxRange;

  @Option(names = "--json", description = "One JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ExecutorService pool = Executors.newCachedThreadPool(ReconcileCommand::daemon);
    try {
      ChainProfile p =
          ChainProfiles.byName(profile)
              .orElseThrow(
                  () -> new IllegalArgumentException("--profile " + profile + " is not known"));
      if (maxRange < 1) {
        throw new IllegalArgumentException("--max-range must be at least 1");
      }
      List<ChainTarget> targets =
          TargetResolver.resolve(
              deploymentFile,
              chains,
              new TargetResolver.Given(aRpcUrl, optional(aChainId), aBridge),
              new TargetResolver.Given(bRpcUrl, optional(bChainId), bBridge),
              optional(fromBlock));
      ChainSource a = ChainAccess.open(targets.get(0), optional(toBlock), pool);
      ChainSource b = ChainAccess.open(targets.get(1), optional(toBlock), pool);
      ReconcileReport report = new Reconciliation(p, maxRange).run(a, b);
      if (json) {
        out.println(ReportJson.render(report));
        out.flush();
      } else {
        ReportText.print(report, out);
      }
      return report.clean() ? 0 : 1;
    } catch (IllegalArgumentException | ChainAccess.CheckFailed | ReconcileException e) {
      err.println("reconcile: " + e.getMessage());
      err.flush();
      return 2;
    } finally {
      pool.shutdownNow();
    }
  }

  private static OptionalLong optional(Optional<Long> v) {
    return v.map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "reconcile-rpc");
    t.setDaemon(true);
    return t;
  }
}
