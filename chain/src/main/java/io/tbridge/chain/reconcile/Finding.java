package io.tbridge.chain.reconcile;

import java.util.Objects;

/**
 * One place where the books do not balance.
 *
 * @param severity how bad it is
 * @param text one line saying what was found, with chain, deposit and amounts
 */
public record Finding(Severity severity, String text) {

  /** How bad a finding is. */
  public enum Severity {
    /** Value may have left without backing: a release without its lock, a double payout. */
    CRITICAL,
    /** Not a loss by itself but not reconcilable as it stands (e.g. an event of a third chain). */
    WARNING
  }

  /** Validates: a severity and a single non-blank line. */
  public Finding {
    Objects.requireNonNull(severity, "severity");
    if (text == null || text.isBlank() || text.contains("\n")) {
      throw new IllegalArgumentException("a finding is one non-blank line");
    }
  }

  /** A critical finding. */
  static Finding critical(String text) {
    return new Finding(Severity.CRITICAL, text);
  }

  /** A warning. */
  static Finding warning(String text) {
    return new Finding(Severity.WARNING, text);
  }

  @Override
  public String toString() {
    return severity + ": " + text;
  }
}
