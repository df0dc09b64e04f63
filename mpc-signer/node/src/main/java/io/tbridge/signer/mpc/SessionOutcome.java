package io.tbridge.signer.mpc;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** How a protocol session driven over the transport ended. */
public sealed interface SessionOutcome<R> {

  /** A short name for logs, metrics and the sessions journal. */
  String kind();

  /**
   * The protocol finished.
   *
   * @param result its output
   */
  record Completed<R>(R result) implements SessionOutcome<R> {
    /** Validating constructor. */
    public Completed {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public String kind() {
      return "completed";
    }
  }

  /**
   * A check failed (a {@code ProtocolAbort}).
   *
   * @param culprit the party the failed check names, if any
   * @param check the check
   * @param detail operator-facing text
   */
  record Aborted<R>(OptionalInt culprit, String check, String detail) implements SessionOutcome<R> {
    @Override
    public String kind() {
      return "aborted";
    }
  }

  /**
   * No message moved the session forward within the round deadline. The suspects are the parties it
   * was waiting for: suspected, not proven (a network fault looks the same).
   *
   * @param suspects parties awaited at the deadline
   */
  record TimedOut<R>(Set<Integer> suspects) implements SessionOutcome<R> {
    /** Validating constructor. */
    public TimedOut {
      suspects = Set.copyOf(suspects);
    }

    @Override
    public String kind() {
      return "timeout";
    }
  }
}
