package io.tbridge.relayer.submit;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * How the submitter of one destination chain behaves.
 *
 * @param name chain name for logs and metrics
 * @param chainId destination chain id
 * @param bridge destination bridge
 * @param maxFeeCap highest max fee per gas ever offered (wei)
 * @param maxPriorityFee highest tip per gas (wei)
 * @param minPriorityFee lowest tip per gas (wei)
 * @param feeHistoryBlocks blocks of fee history to look at
 * @param rewardPercentile reward percentile of the fee history
 * @param gasLimitMarginPercent added on top of the gas estimate
 * @param stuckAfter time without a receipt before a replacement is sent
 * @param bumpPercent minimum raise of both fees per replacement (≥ 10 to be accepted by nodes)
 * @param retryBase first backoff of a release that should be retried later
 * @param retryMax longest backoff
 * @param maxAttempts attempts of a release with an unknown revert before it is dead-lettered
 * @param prewarm when replay-bitmap words are prewarmed ahead of releases
 */
public record SubmitSettings(
    String name,
    ChainId chainId,
    Address bridge,
    BigInteger maxFeeCap,
    BigInteger maxPriorityFee,
    BigInteger minPriorityFee,
    int feeHistoryBlocks,
    double rewardPercentile,
    int gasLimitMarginPercent,
    Duration stuckAfter,
    int bumpPercent,
    Duration retryBase,
    Duration retryMax,
    int maxAttempts,
    PrewarmSettings prewarm) {

  /** Settings with the {@link PrewarmSettings#DEFAULT default} prewarming. */
  public SubmitSettings(
      String name,
      ChainId chainId,
      Address bridge,
      BigInteger maxFeeCap,
      BigInteger maxPriorityFee,
      BigInteger minPriorityFee,
      int feeHistoryBlocks,
      double rewardPercentile,
      int gasLimitMarginPercent,
      Duration stuckAfter,
      int bumpPercent,
      Duration retryBase,
      Duration retryMax,
      int maxAttempts) {
    this(
        name,
        chainId,
        bridge,
        maxFeeCap,
        maxPriorityFee,
        minPriorityFee,
        feeHistoryBlocks,
        rewardPercentile,
        gasLimitMarginPercent,
        stuckAfter,
        bumpPercent,
        retryBase,
        retryMax,
        maxAttempts,
        PrewarmSettings.DEFAULT);
  }

  /** Validates ranges. */
  public SubmitSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(prewarm, "prewarm");
    if (maxFeeCap.signum() <= 0 || maxPriorityFee.signum() < 0 || minPriorityFee.signum() < 0) {
      throw new IllegalArgumentException(name + ": fee caps must be positive");
    }
    if (minPriorityFee.compareTo(maxPriorityFee) > 0 || maxPriorityFee.compareTo(maxFeeCap) > 0) {
      throw new IllegalArgumentException(
          name + ": need min priority fee <= max priority fee <= max fee cap");
    }
    if (feeHistoryBlocks < 1 || feeHistoryBlocks > 1024) {
      throw new IllegalArgumentException(name + ": fee history blocks must be in [1, 1024]");
    }
    if (rewardPercentile < 0 || rewardPercentile > 100) {
      throw new IllegalArgumentException(name + ": reward percentile must be in [0, 100]");
    }
    if (gasLimitMarginPercent < 0 || gasLimitMarginPercent > 500) {
      throw new IllegalArgumentException(name + ": gas margin must be in [0, 500]");
    }
    if (bumpPercent < 10 || bumpPercent > 500) {
      throw new IllegalArgumentException(name + ": bump must be in [10, 500] percent");
    }
    if (stuckAfter.isNegative()
        || stuckAfter.isZero()
        || retryBase.isNegative()
        || retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException(name + ": durations must be positive and ordered");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(name + ": max attempts must be >= 1");
    }
  }

  /** These settings with {@code p} as the prewarming. */
  public SubmitSettings withPrewarm(PrewarmSettings p) {
    return new SubmitSettings(
        name,
        chainId,
        bridge,
        maxFeeCap,
        maxPriorityFee,
        minPriorityFee,
        feeHistoryBlocks,
        rewardPercentile,
        gasLimitMarginPercent,
        stuckAfter,
        bumpPercent,
        retryBase,
        retryMax,
        maxAttempts,
        p);
  }
}
