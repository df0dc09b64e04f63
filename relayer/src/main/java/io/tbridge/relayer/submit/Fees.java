package io.tbridge.relayer.submit;

import java.math.BigInteger;

/**
 * EIP-1559 fee parameters of one transaction.
 *
 * @param maxFeePerGas most paid per gas including the base fee
 * @param maxPriorityFeePerGas tip per gas
 */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

  /** Validates that the tip is at most the max fee and both are positive. */
  public Fees {
    if (maxPriorityFeePerGas.signum() < 0 || maxFeePerGas.signum() <= 0) {
      throw new IllegalArgumentException("fees must be positive");
    }
    if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException("priority fee must not exceed the max fee");
    }
  }

  /** Fees raised by at least {@code percent}% each (a replacement must outbid the original). */
  public Fees bumped(int percent) {
    BigInteger f = BigInteger.valueOf(100 + percent);
    BigInteger h = BigInteger.valueOf(100);
    return new Fees(
        maxFeePerGas.multiply(f).add(h.subtract(BigInteger.ONE)).divide(h).add(BigInteger.ONE),
        maxPriorityFeePerGas
            .multiply(f)
            .add(h.subtract(BigInteger.ONE))
            .divide(h)
            .add(BigInteger.ONE));
  }

  /** The larger of each component. */
  public Fees max(Fees other) {
    BigInteger fee = maxFeePerGas.max(other.maxFeePerGas);
    BigInteger tip = maxPriorityFeePerGas.max(other.maxPriorityFeePerGas);
    return new Fees(fee, tip.min(fee));
  }

  /** Each component limited to the caps. */
  public Fees capped(BigInteger maxFeeCap, BigInteger priorityCap) {
    BigInteger fee = maxFeePerGas.min(maxFeeCap);
    return new Fees(fee, maxPriorityFeePerGas.min(priorityCap).min(fee));
  }
}
