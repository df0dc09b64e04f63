package io.tbridge.relayer.submit;

import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.FeeHistory;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * EIP-1559 fees from {@code eth_feeHistory}: tip = median of the recent rewards at the configured
 * percentile (at least the configured minimum), max fee = 2 × next base fee + tip, both capped.
 * Empty when even the next base fee is above the cap: sending then would only get stuck.
 */
public final class FeeOracle {

  private final EthRpc rpc;
  private final SubmitSettings settings;

  /** An oracle over {@code rpc} with the caps in {@code settings}. */
  public FeeOracle(EthRpc rpc, SubmitSettings settings) {
    this.rpc = rpc;
    this.settings = settings;
  }

  /** Current fees, or empty if the base fee exceeds the cap. */
  public Optional<Fees> current() {
    FeeHistory h = rpc.feeHistory(settings.feeHistoryBlocks(), settings.rewardPercentile());
    List<BigInteger> rewards = h.rewards().stream().sorted().toList();
    BigInteger tip =
        rewards.isEmpty() ? settings.minPriorityFee() : rewards.get(rewards.size() / 2);
    tip = tip.max(settings.minPriorityFee()).min(settings.maxPriorityFee());
    if (h.nextBaseFee().add(tip).compareTo(settings.maxFeeCap()) > 0) {
      return Optional.empty();
    }
    BigInteger maxFee = h.nextBaseFee().shiftLeft(1).add(tip).min(settings.maxFeeCap());
    return Optional.of(new Fees(maxFee, tip));
  }
}
