package io.tbridge.devnet;

import io.tbridge.testkit.ProjectPaths;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./devnet}: the whole product on this machine, then a demo transfer both ways. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Starts two anvil chains (chain-a, chain-b), a Kafka broker, the contracts, three signer",
      "nodes (2-of-3, keys from their own ceremony on the first start) and a relayer on 127.0.0.1,",
      "makes a demo transfer chain-a → chain-b and back, then prints one line per transfer until",
      "Ctrl-C. Connection details: <dir>/state.json."
    })
public final class DevnetMain implements Callable<Integer> {

  /** The devnet directory (keys survive restarts; everything else is new on each start). */
  @Option(
      names = "--dir",
      defaultValue = ".devnet",
      description = "data directory (default .devnet)")
  Path dir;

  /** Runs the demo, checks the balances, stops everything and exits. */
  @Option(
      names = "--check",
      description = "start, run the demo, check the balances, stop; exit 0 on success")
  boolean check;

  /** Deletes the data directory (keys included) first. */
  @Option(names = "--reset", description = "delete the data directory, keys included, first")
  boolean reset;

  /** Runs the command line. */
  public static void main(String[] args) {
    CommandLine cmd = new CommandLine(new DevnetMain());
    cmd.setParameterExceptionHandler(
        (e, ignored) -> {
          e.getCommandLine().getErr().println("devnet: " + e.getMessage() + " (see --help)");
          return 2;
        });
    System.exit(cmd.execute(args));
  }

  @Override
  public Integer call() {
    Progress progress = new Progress(System.out, Clock.systemUTC());
    Path root = ProjectPaths.repoRoot();
    Devnet devnet;
    try {
      devnet = Devnet.start(new Devnet.Options(root.resolve(dir), root, reset, progress));
    } catch (DevnetException e) {
      System.err.println("devnet: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              progress.info("stop", "stopping every process the devnet started");
              devnet.close();
              progress.info("stop", "stopped");
              stopped.countDown();
            },
            "devnet-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      progress.stage("demo", "a transfer chain-a → chain-b and back");
      DemoTransfer.run(devnet, progress);
      progress.done("demo", "both transfers released, balances as expected");
    } catch (DevnetException e) {
      System.err.println("devnet: demo: " + e.getMessage());
      return 1;
    }
    if (check) {
      Runtime.getRuntime().removeShutdownHook(hook);
      hook.run();
      return 0;
    }
    progress.info(
        "ready",
        "state in "
            + devnet.layout().stateFile()
            + "; logs in "
            + devnet.layout().logs()
            + "; one line per transfer below; Ctrl-C stops everything");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
