package io.tbridge.testkit;

/**
 * Starts an anvil and then halts the JVM without closing it or running shutdown hooks, like a test
 * JVM killed by a timeout; {@link AnvilProcessTest} checks the watchdog cleans up.
 */
public final class AnvilOrphanMain {
  private AnvilOrphanMain() {}

  /** Prints the process ids and work directory, then halts. */
  public static void main(String[] args) {
    AnvilProcess anvil = AnvilProcess.builder().chainId(4244).start();
    StringBuilder pids = new StringBuilder("PIDS ").append(anvil.pid());
    ProcessHandle.of(anvil.pid())
        .orElseThrow()
        .descendants()
        .forEach(child -> pids.append(' ').append(child.pid()));
    System.out.println(pids);
    System.out.println("DIR " + anvil.workDir());
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
