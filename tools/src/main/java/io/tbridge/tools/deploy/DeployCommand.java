package io.tbridge.tools.deploy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tbridge deploy --plan FILE --out FILE}: deploys and configures the contracts of a
 * declarative plan on every chain it names, reads every setting back and writes the addresses.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploys what the plan names and is not deployed yet (Bridge, TestToken, BridgedToken),",
      "sends the admin calls whose read-back differs from the plan (tokens, caps, routes, trusted",
      "sources, fee, treasury, guardian, group signer), reads every setting back, and writes the",
      "addresses to --out. Re-running with the same --out reuses the recorded contracts."
    })
public final class DeployCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** The plan file (YAML); see docs/operations.md "Deploying the contracts". */
  @Option(names = "--plan", required = true, description = "plan file (YAML)")
  Path plan;

  /** The output file (JSON), written atomically; read again on a re-run. */
  @Option(names = "--out", required = true, description = "output file (JSON)")
  Path out;

  /** Longest wait for a timelocked group-signer rotation before leaving it scheduled. */
  @Option(
      names = "--max-timelock-wait",
      defaultValue = "PT2M",
      description = "longest wait for a timelocked signer rotation (ISO-8601, default PT2M)")
  Duration maxTimelockWait;

  private final Clock clock;

  /** The command on the system clock. */
  public DeployCommand() {
    this(Clock.systemUTC());
  }

  /** The command on {@code clock} (waiting for timelocks). */
  public DeployCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter log = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      DeployPlan p = DeployPlan.read(plan);
      new Deployer(p, out, log, clock, maxTimelockWait).run();
      return 0;
    } catch (DeployException e) {
      err.println("deploy: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
