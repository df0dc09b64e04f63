package io.tbridge.tss.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every exponentiation and inverse that library code hands to {@link ModExp} on the calling
 * thread while a body runs, so tests can check which exponents secret-dependent code really exposes
 * to the variable-time {@link BigInteger} routines.
 */
public final class ModExpRecorder {
  /** One {@code base^exp mod m} call. */
  public record Pow(BigInteger base, BigInteger exp, BigInteger modulus) {}

  /** One {@code x⁻¹ mod m} call. */
  public record Inverse(BigInteger x, BigInteger modulus) {}

  /** Everything recorded while one body ran. */
  public record Calls(List<Pow> pows, List<Inverse> inverses) {}

  /** A body that may throw. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private ModExpRecorder() {}

  /** Runs {@code body} on this thread and returns every call it made through {@link ModExp}. */
  public static Calls record(Body body) throws Exception {
    List<Pow> pows = new ArrayList<>();
    List<Inverse> inverses = new ArrayList<>();
    ModExp.observe(
        new ModExp.Observer() {
          @Override
          public void pow(BigInteger base, BigInteger exp, BigInteger m) {
            pows.add(new Pow(base, exp, m));
          }

          @Override
          public void inverse(BigInteger x, BigInteger m) {
            inverses.add(new Inverse(x, m));
          }
        });
    try {
      body.run();
    } finally {
      ModExp.observe(null);
    }
    return new Calls(List.copyOf(pows), List.copyOf(inverses));
  }
}
