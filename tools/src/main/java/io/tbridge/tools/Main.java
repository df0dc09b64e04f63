package io.tbridge.tools;

import io.tbridge.tools.deploy.DeployCommand;
import io.tbridge.tools.reconcile.ReconcileCommand;
import io.tbridge.tools.topics.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./tbridge}: the operator commands. Each subcommand is one class; this is the only place
 * that lists them.
 */
@Command(
    name = "tbridge",
    mixinStandardHelpOptions = true,
    description = "Operator commands for the bridge.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DeployCommand.class,
      ReconcileCommand.class,
      TopicsCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    // A mistyped option or a missing value is one line, not the whole usage text.
    cmd.setParameterExceptionHandler(
        (e, ignored) -> {
          e.getCommandLine().getErr().println("tbridge: " + e.getMessage() + " (see --help)");
          e.getCommandLine().getErr().flush();
          return 2;
        });
    return cmd.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }
}
