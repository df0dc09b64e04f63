package io.tbridge.devnet;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The devnet's console: one line per stage and per transfer, each with the time since start. */
public final class Progress {
  private final PrintStream out;
  private final Clock clock;
  private final Instant start;
  private Instant stageStart;
  private volatile String stage = "start";

  /** Lines to {@code out}, times from {@code clock}. */
  public Progress(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
    this.start = clock.instant();
    this.stageStart = start;
  }

  private synchronized void line(String tag, String text) {
    double t = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    out.printf(Locale.ROOT, "[%7.1fs] %-10s %s%n", t, tag, text);
    out.flush();
  }

  /** A stage begins. */
  public void stage(String name, String what) {
    stageStart = clock.instant();
    stage = name;
    line(name, what);
  }

  /** The current stage ended. */
  public void done(String name, String what) {
    line(name, what + " (" + seconds(Duration.between(stageStart, clock.instant())) + ")");
  }

  /** The stage begun last (what a failure names). */
  public String current() {
    return stage;
  }

  /** A service reports what it is doing while it starts. */
  public void detail(String who, String what) {
    line("", who + ": " + what);
  }

  /** Anything worth one line. */
  public void info(String tag, String what) {
    line(tag, what);
  }

  /** A transfer was released on its destination chain. */
  public void released(Transfer t) {
    String latency =
        t.finalAt()
            .flatMap(
                f -> t.releasedAt().map(r -> "final→released " + seconds(Duration.between(f, r))))
            .orElse("released");
    line(
        "transfer",
        TransferLog.label(t)
            + " "
            + tokens(t.lock().amount())
            + " TST to "
            + t.lock().recipient().toChecksumHex()
            + ": "
            + latency
            + ", release tx "
            + t.releaseTx().orElse("?"));
  }

  /** Something went wrong (a refusal, a parked deposit, a failed stop). */
  public void problem(String what) {
    line("PROBLEM", what);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
  }

  static String tokens(BigInteger wei) {
    return new BigDecimal(wei).movePointLeft(18).stripTrailingZeros().toPlainString();
  }

  static Optional<String> since(Instant from, Optional<Instant> to) {
    return to.map(t -> "+" + seconds(Duration.between(from, t)));
  }
}
