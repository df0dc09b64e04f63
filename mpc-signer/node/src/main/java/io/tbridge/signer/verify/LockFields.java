package io.tbridge.signer.verify;

import io.tbridge.core.LockEvent;
import java.util.Objects;
import java.util.Optional;

/** Field-by-field comparison of a hint with the lock read from the chain. */
final class LockFields {
  private LockFields() {}

  /** The name of the first field in which {@code hint} differs from {@code chain}, if any. */
  static Optional<String> firstDifference(LockEvent hint, LockEvent chain) {
    if (!Objects.equals(hint.sourceChainId(), chain.sourceChainId()))
      return Optional.of("sourceChainId");
    if (!Objects.equals(hint.sourceBridge(), chain.sourceBridge()))
      return Optional.of("sourceBridge");
    if (!Objects.equals(hint.txHash(), chain.txHash())) return Optional.of("txHash");
    if (hint.logIndex() != chain.logIndex()) return Optional.of("logIndex");
    if (!Objects.equals(hint.blockHash(), chain.blockHash())) return Optional.of("blockHash");
    if (hint.blockNumber() != chain.blockNumber()) return Optional.of("blockNumber");
    if (!Objects.equals(hint.dstChainId(), chain.dstChainId())) return Optional.of("dstChainId");
    if (!Objects.equals(hint.nonce(), chain.nonce())) return Optional.of("nonce");
    if (!Objects.equals(hint.srcToken(), chain.srcToken())) return Optional.of("srcToken");
    if (!Objects.equals(hint.dstToken(), chain.dstToken())) return Optional.of("dstToken");
    if (!Objects.equals(hint.sender(), chain.sender())) return Optional.of("sender");
    if (!Objects.equals(hint.recipient(), chain.recipient())) return Optional.of("recipient");
    if (!Objects.equals(hint.amount(), chain.amount())) return Optional.of("amount");
    return Optional.empty();
  }
}
