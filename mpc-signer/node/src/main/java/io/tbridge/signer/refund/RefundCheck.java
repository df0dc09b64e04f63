package io.tbridge.signer.refund;

import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.chain.bridge.BridgeViews;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.bridge.StuckDepositEventDecoder;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.LogScan;
import io.tbridge.chain.rpc.QuorumDisagreementException;
import io.tbridge.chain.rpc.QuorumUnavailableException;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Refund;
import io.tbridge.core.Uint256;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.signer.policy.Denylist;
import io.tbridge.signer.state.SignerState;
import io.tbridge.signer.verify.ChainView;
import io.tbridge.signer.verify.LockVerifier;
import io.tbridge.signer.verify.Verdict;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether this node co-signs the refund of a voided deposit. The void is only a pointer,
 * like a lock hint: the deposit's lock is found on its source chain (from the lock this node
 * verified, or by its nonce) and verified exactly as for a release (final, receipt, token moved,
 * route and fee at its block). The refund is built here from that lock: the sender gets back what
 * the bridge kept after its fee, in source units. Checks, in order: the source chain is served here
 * and the void names its bridge; the lock exists and verifies; the lock's destination is the chain
 * that voided it; the sender is not denied; not refunded yet; and the refund is the one this node
 * agreed for the deposit (never a second).
 */
final class RefundCheck {

  private final Map<ChainId, ChainView> chains;
  private final LockVerifier verifier;
  private final Denylist denylist;
  private final SignerState state;
  private final Clock clock;
  private final ObservedLockCodec codec = new ObservedLockCodec();

  /** Blocks per {@code eth_getLogs} of the lock search; halved while an endpoint refuses. */
  private static final long SEARCH_CHUNK = 5_000;

  RefundCheck(
      Map<ChainId, ChainView> chains,
      LockVerifier verifier,
      Denylist denylist,
      SignerState state,
      Clock clock) {
    this.chains = Map.copyOf(chains);
    this.verifier = verifier;
    this.denylist = denylist;
    this.state = state;
    this.clock = clock;
  }

  /** The outcome for {@code voided}, final on {@code dst}. Never throws for chain data. */
  RefundOutcome check(ChainView dst, StuckDepositEventDecoder.Voided voided) {
    try {
      return checkNow(dst, voided);
    } catch (QuorumDisagreementException e) {
      return new RefundOutcome.Deferred("endpoints disagree: " + e.getMessage());
    } catch (QuorumUnavailableException | RpcException e) {
      return new RefundOutcome.Deferred("endpoints unavailable: " + e.getMessage());
    }
  }

  private RefundOutcome checkNow(ChainView dst, StuckDepositEventDecoder.Voided voided) {
    ChainView src = chains.get(voided.srcChainId());
    if (src == null) {
      return new RefundOutcome.Refused(
          "UNKNOWN_SOURCE_CHAIN", "chain " + voided.srcChainId() + " is not served here", false);
    }
    if (!voided.srcBridge().equals(src.bridge())) {
      return new RefundOutcome.Refused(
          "WRONG_SOURCE_BRIDGE", voided.srcBridge() + " is not the bridge of " + src.name(), false);
    }
    Optional<LockEvent> hint = lockOf(src, voided);
    if (hint.isEmpty()) {
      return new RefundOutcome.Refused(
          "NO_SUCH_LOCK",
          "the bridge of " + src.name() + " never gave nonce " + voided.nonce() + " (final head)",
          true);
    }
    Verdict verdict = verifier.verify(hint.get());
    if (verdict instanceof Verdict.Deferred d) {
      return new RefundOutcome.Deferred(d.reason());
    }
    if (verdict instanceof Verdict.Refused r) {
      return new RefundOutcome.Refused(r.reason().name(), r.detail(), true);
    }
    Verdict.Verified v = (Verdict.Verified) verdict;
    LockEvent lock = v.onChain();
    if (!lock.dstChainId().equals(dst.chainId())) {
      return new RefundOutcome.Refused(
          "VOIDED_ON_ANOTHER_CHAIN",
          "the deposit goes to chain " + lock.dstChainId() + ", " + dst.name() + " voided it",
          true);
    }
    if (denylist.denies(lock.sender())) {
      return new RefundOutcome.Refused(
          "SENDER_DENIED", "sender " + lock.sender() + " is denied", false);
    }
    Refund refund =
        new Refund(
            dst.chainId(), dst.bridge(), lock.nonce(), lock.srcToken(), lock.sender(), v.kept());
    Eip712Domain source = Eip712Domain.of(src.chainId(), src.bridge());
    Hash32 digest = BridgeEip712.digest(source, refund);
    DepositId id = voided.depositId();
    if (isRefunded(src, lock)) {
      return new RefundOutcome.Settled("already refunded on " + src.name());
    }
    if (!state.refunds().agree(id, digest, clock.instant())) {
      return new RefundOutcome.Refused(
          "CONFLICTING_REFUND",
          "another refund of deposit " + id + " was agreed here; refusing this one",
          true);
    }
    return new RefundOutcome.Ready(id, refund, source, digest);
  }

  /**
   * The deposit's lock as a hint to verify: the one this node verified for a release, else the
   * {@code Locked} log with the void's nonce among the source bridge's final logs.
   */
  private Optional<LockEvent> lockOf(ChainView src, StuckDepositEventDecoder.Voided voided) {
    Optional<byte[]> kept = state.verifiedLock(voided.depositId());
    if (kept.isPresent()) {
      Optional<LockEvent> hint = codec.decode(kept.get()).value();
      if (hint.isPresent() && hint.get().nonce().equals(voided.nonce())) {
        return hint;
      }
    }
    OptionalLong fin = src.reader().finalHead(src.profile());
    if (fin.isEmpty()) {
      throw new QuorumUnavailableException(src.name() + ": no final head from the endpoint quorum");
    }
    long head = fin.getAsLong();
    if (voided.nonce().compareTo(lastNonce(src, head)) > 0) {
      return Optional.empty(); // no such lock, final or not: the bridge never gave that nonce
    }
    List<Optional<Hash32>> topics =
        List.of(
            Optional.of(LockedEventDecoder.TOPIC),
            Optional.empty(),
            Optional.of(Hash32.of(Uint256.toWord(voided.nonce()))));
    // Newest first: a stuck deposit is usually recent.
    for (RpcLog log :
        new LogScan(src.reader(), SEARCH_CHUNK).newest(0, head, src.bridge(), topics)) {
      try {
        return Optional.of(
            LockedEventDecoder.decodeWithAccounting(src.chainId(), src.bridge(), log).lock());
      } catch (IllegalArgumentException e) {
        // Not a well-formed lock: the verifier would refuse it; look on.
      }
    }
    // The bridge gave the nonce at a final block, yet no endpoint shows its lock: ask again later.
    throw new QuorumUnavailableException(
        src.name() + ": the lock with nonce " + voided.nonce() + " is not in the endpoints' logs");
  }

  private static BigInteger lastNonce(ChainView src, long block) {
    byte[] call = BridgeViews.lastNonceCall();
    return src.reader()
        .readAll(
            "lastNonce at " + block,
            e ->
                BridgeViews.decodeLastNonce(
                    e.call(Optional.empty(), src.bridge(), call, BlockRef.number(block))));
  }

  private static boolean isRefunded(ChainView src, LockEvent lock) {
    byte[] call = BridgeAbi.isRefundedCall(lock.nonce());
    return src.reader()
        .readAll(
            "isRefunded(" + lock.nonce() + ")",
            e ->
                BridgeAbi.decodeBool(
                    e.call(Optional.empty(), src.bridge(), call, BlockRef.LATEST)));
  }
}
