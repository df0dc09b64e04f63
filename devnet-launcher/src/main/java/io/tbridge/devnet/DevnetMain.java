package io.tbridge.devnet;

import io.tbridge.testkit.ProjectPaths;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      description = "data directory (default: .devnet in the repository; relative to here)")
  Optional<Path> dir = Optional.empty();

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
    Path root = repoRoot();
    Path data = dir.map(Path::toAbsolutePath).orElse(root.resolve(".devnet"));
    Devnet devnet;
    try {
      devnet = Devnet.start(new Devnet.Options(data, root, reset, progress));
    } catch (RuntimeException e) {
      return failed(progress, e);
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
    } catch (RuntimeException e) {
      return failed(progress, e);
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
    watchServices(devnet, progress, stopped);
    return 0;
  }

  /** Until Ctrl-C: one line when a service stops by itself (and when it is back). */
  private static void watchServices(Devnet devnet, Progress progress, CountDownLatch stopped) {
    Set<String> down = new HashSet<>();
    try {
      while (!stopped.await(2, TimeUnit.SECONDS)) {
        for (ServiceProcess s : devnet.services()) {
          if (!devnet.closing() && !s.isAlive() && down.add(s.name())) {
            progress.problem(
                s.name() + " has stopped: " + s.lastError() + " (see " + s.log() + ")");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int failed(Progress progress, RuntimeException e) {
    String message =
        e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    System.err.println("devnet: " + progress.current() + ": " + message);
    return 1;
  }

  /** The repository this launcher was built in (its jar is in {@code devnet-launcher/target}). */
  private static Path repoRoot() {
    try {
      Path jar =
          Path.of(DevnetMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return ProjectPaths.findRepoRoot(jar).orElseGet(ProjectPaths::repoRoot);
    } catch (URISyntaxException | RuntimeException e) {
      return ProjectPaths.repoRoot();
    }
  }
}
