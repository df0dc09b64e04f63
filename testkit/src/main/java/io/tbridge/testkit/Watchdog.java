package io.tbridge.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command under a tiny shell watchdog so that it never outlives the JVM that started it: the
 * JVM holds the write end of the shell's stdin and never writes to it, so the pipe reaches EOF
 * exactly when the JVM closes it — in {@link #stop}, at exit, or when the JVM is killed with
 * SIGKILL and no shutdown hook runs. Then the watchdog sends SIGTERM, and SIGKILL after 20 s.
 *
 * <p>SIGINT is ignored by the watchdog and the command: a Ctrl-C on the terminal reaches the whole
 * process group, and the JVM that started them decides the order in which they stop.
 */
public final class Watchdog {
  /**
   * Environment variable naming a directory the watchdog deletes once the command is gone (a
   * process's own data, which a SIGKILLed JVM could not delete itself).
   */
  public static final String CLEAN_UP = "TBRIDGE_WATCHDOG_CLEAN_UP";

  private static final String SCRIPT =
      String.join(
          "\n",
          "trap '' INT",
          "exec 3<&0",
          "\"$@\" &",
          "pid=$!",
          "(",
          "  read -r _ <&3",
          "  kill \"$pid\" 2>/dev/null",
          "  i=0",
          "  while kill -0 \"$pid\" 2>/dev/null; do",
          "    sleep 0.1; i=$((i+1)); [ \"$i\" -eq 200 ] && kill -9 \"$pid\" 2>/dev/null",
          "  done",
          "  if [ -n \"$" + CLEAN_UP + "\" ]; then rm -rf \"$" + CLEAN_UP + "\"; fi",
          ") &",
          "wait \"$pid\"");

  private Watchdog() {}

  /** {@code command} wrapped in the watchdog; {@code name} names the shell in process lists. */
  public static List<String> wrap(String name, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, name + "-watchdog"));
    cmd.addAll(command);
    return cmd;
  }

  /**
   * Stops a watched process: EOF to the watchdog (SIGTERM to the command), then after {@code grace}
   * SIGKILL to everything below it. Returns whether it stopped.
   */
  public static boolean stop(Process watched, Duration grace) {
    try {
      watched.getOutputStream().close();
    } catch (IOException ignored) {
      // the pipe is closed already: the watchdog has seen EOF
    }
    if (await(watched, grace)) {
      return true;
    }
    kill(watched);
    return await(watched, Duration.ofSeconds(5));
  }

  /** SIGKILL to the command and the watchdog (a crash, for fault tests). */
  public static void kill(Process watched) {
    watched.descendants().forEach(ProcessHandle::destroyForcibly);
    watched.destroyForcibly();
  }

  private static boolean await(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
