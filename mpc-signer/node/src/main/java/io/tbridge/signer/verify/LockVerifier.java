package io.tbridge.signer.verify;

import io.tbridge.chain.bridge.BridgeViews;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.rpc.BlockHeader;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.QuorumDisagreementException;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.QuorumUnavailableException;
import io.tbridge.chain.rpc.ReceiptLogs;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.eip712.BridgeEip712;
import io.tbridge.core.eip712.Eip712Domain;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Re-reads a lock from this node's own endpoints and decides whether it may be signed. The hint
 * from Kafka is only a pointer (chain, transaction, log index): every field is compared with what
 * the chain says, and the digest is built here from chain data, never taken from a message.
 *
 * <p>Checks, in order: known source chain and bridge, known destination; final on this node's view
 * (else deferred); the receipt through the quorum (missing → refused); its block canonical; the log
 * at the stated index, from the bridge, a well-formed {@code Locked} event equal to the hint in
 * every field; the token moved in the same receipt (an ERC-20 transfer from the sender into the
 * bridge equal to the event's {@code received}, and the burn for burn/mint tokens); the source
 * bridge's route and amount calculation at that block give the event's destination token and
 * amount.
 */
public final class LockVerifier {

  private final Map<ChainId, ChainView> chains;

  /** A verifier over this node's view of every chain it serves. */
  public LockVerifier(Map<ChainId, ChainView> chains) {
    this.chains = Map.copyOf(chains);
  }

  /** The verdict on {@code hint}. Never throws for chain data; RPC trouble is a deferral. */
  public Verdict verify(LockEvent hint) {
    try {
      return check(hint);
    } catch (QuorumDisagreementException e) {
      return refused(RefusalReason.ENDPOINTS_DISAGREE, e.getMessage());
    } catch (QuorumUnavailableException | RpcException e) {
      return new Verdict.Deferred("endpoints unavailable: " + e.getMessage(), OptionalLong.empty());
    }
  }

  private Verdict check(LockEvent hint) {
    ChainView src = chains.get(hint.sourceChainId());
    if (src == null) {
      return refused(
          RefusalReason.UNKNOWN_SOURCE_CHAIN,
          "chain " + hint.sourceChainId() + " is not served here");
    }
    if (!hint.sourceBridge().equals(src.bridge())) {
      return refused(
          RefusalReason.WRONG_SOURCE_BRIDGE,
          hint.sourceBridge() + " is not the bridge of " + src.name());
    }
    ChainView dst = chains.get(hint.dstChainId());
    if (dst == null) {
      return refused(
          RefusalReason.UNKNOWN_DESTINATION_CHAIN,
          "chain " + hint.dstChainId() + " is not served here");
    }
    QuorumReader reader = src.reader();
    OptionalLong fin = reader.finalHead(src.profile());
    if (fin.isEmpty()) {
      return new Verdict.Deferred(
          src.name() + ": no final head from the endpoint quorum", OptionalLong.empty());
    }
    if (fin.getAsLong() < hint.blockNumber()) {
      long left = hint.blockNumber() - fin.getAsLong();
      return new Verdict.Deferred(
          left + " blocks until final on " + src.name(), OptionalLong.of(left));
    }
    Optional<ReceiptLogs> found =
        reader.readAll("receipt of " + hint.txHash(), e -> e.receiptLogs(hint.txHash()));
    if (found.isEmpty()) {
      return refused(
          RefusalReason.NO_SUCH_TRANSACTION,
          "no transaction " + hint.txHash() + " on " + src.name());
    }
    ReceiptLogs receipt = found.get();
    long block = receipt.receipt().blockNumber();
    if (block > fin.getAsLong()) {
      long left = block - fin.getAsLong();
      return new Verdict.Deferred(
          left + " blocks until final on " + src.name(), OptionalLong.of(left));
    }
    if (!receipt.receipt().success()) {
      return refused(
          RefusalReason.TRANSACTION_FAILED, "transaction " + hint.txHash() + " reverted");
    }
    BlockHeader canonical = reader.header(block);
    if (!canonical.hash().equals(receipt.receipt().blockHash())) {
      return refused(RefusalReason.REORGED, "block " + block + " of the receipt is not canonical");
    }
    Optional<RpcLog> log =
        receipt.logs().stream().filter(l -> l.logIndex() == hint.logIndex()).findFirst();
    if (log.isEmpty()) {
      return refused(
          RefusalReason.NO_SUCH_LOG,
          "transaction " + hint.txHash() + " has no log " + hint.logIndex());
    }
    if (!log.get().address().equals(src.bridge())) {
      return refused(
          RefusalReason.WRONG_EMITTER,
          "log " + hint.logIndex() + " was emitted by " + log.get().address());
    }
    // The old seven-field layout goes on to the decoder, which refuses it naming the layout.
    if (log.get().topics().isEmpty()
        || !(log.get().topics().get(0).equals(LockedEventDecoder.TOPIC)
            || log.get().topics().get(0).equals(LockedEventDecoder.LEGACY_TOPIC))) {
      return refused(
          RefusalReason.WRONG_TOPIC, "log " + hint.logIndex() + " is not a Locked event");
    }
    LockedEventDecoder.Decoded decoded;
    try {
      decoded = LockedEventDecoder.decodeWithAccounting(src.chainId(), src.bridge(), log.get());
    } catch (IllegalArgumentException e) {
      return refused(RefusalReason.MALFORMED_EVENT, e.getMessage());
    }
    LockEvent onChain = decoded.lock();
    Optional<String> field = LockFields.firstDifference(hint, onChain);
    if (field.isPresent()) {
      return refused(RefusalReason.FIELD_MISMATCH, field.get() + " differs from the chain");
    }
    return checkTokens(src, dst, decoded, receipt);
  }

  private Verdict checkTokens(
      ChainView src, ChainView dst, LockedEventDecoder.Decoded decoded, ReceiptLogs receipt) {
    LockEvent lock = decoded.lock();
    BigInteger received = BigInteger.ZERO;
    boolean burnt = false;
    for (RpcLog l : receipt.logs()) {
      if (!l.address().equals(lock.srcToken())
          || l.topics().size() != 3
          || !l.topics().get(0).equals(BridgeViews.TRANSFER_TOPIC)
          || l.data().length != 32) {
        continue;
      }
      Address from = BridgeViews.address(l.topics().get(1).bytes());
      Address to = BridgeViews.address(l.topics().get(2).bytes());
      if (from.equals(lock.sender()) && to.equals(src.bridge())) {
        received = received.add(new BigInteger(1, l.data()));
      }
      if (from.equals(src.bridge()) && to.isZero()) {
        burnt = true;
      }
    }
    if (received.signum() == 0) {
      return refused(
          RefusalReason.NO_TOKEN_TRANSFER,
          "no transfer of " + lock.srcToken() + " from the sender into the bridge");
    }
    if (!received.equals(decoded.received())) {
      return refused(
          RefusalReason.TRANSFER_MISMATCH,
          "the token moved "
              + received
              + " into the bridge, the event says it received "
              + decoded.received());
    }
    BlockRef at = BlockRef.number(lock.blockNumber());
    BridgeViews.Route route =
        src.reader()
            .readAll(
                "route of " + lock.srcToken(),
                e ->
                    BridgeViews.decodeRoute(
                        e.call(
                            Optional.empty(),
                            src.bridge(),
                            BridgeViews.routeCall(lock.srcToken(), lock.dstChainId()),
                            at)));
    if (!route.dstToken().equals(lock.dstToken())) {
      return refused(
          RefusalReason.ROUTE_MISMATCH,
          "the route gives " + route.dstToken() + ", the event " + lock.dstToken());
    }
    if (route.mode() == BridgeViews.BURN_MINT && !burnt) {
      return refused(
          RefusalReason.TRANSFER_MISMATCH, "burn/mint token without its burn in the receipt");
    }
    if (route.mode() != BridgeViews.BURN_MINT && route.mode() != BridgeViews.LOCK_RELEASE) {
      return refused(
          RefusalReason.ROUTE_MISMATCH, "token mode " + route.mode() + " is not a route");
    }
    final BigInteger in = received;
    byte[] quote =
        src.reader()
            .readAll(
                "quoteLock of " + lock.srcToken(),
                e ->
                    e.call(
                        Optional.empty(),
                        src.bridge(),
                        BridgeViews.quoteLockCall(lock.srcToken(), in, lock.dstChainId()),
                        at));
    BigInteger expected = BridgeViews.decodeQuoteLockAmount(quote);
    if (!expected.equals(lock.amount())) {
      return refused(
          RefusalReason.TRANSFER_MISMATCH,
          "the bridge received an amount worth " + expected + ", the event says " + lock.amount());
    }
    // The fee decides what the bridge keeps for the deposit, which is what a refund pays back.
    BigInteger fee = BridgeViews.decodeQuoteLockFee(quote);
    if (!fee.equals(decoded.fee())) {
      return refused(
          RefusalReason.TRANSFER_MISMATCH,
          "the bridge's fee on that amount is " + fee + ", the event says " + decoded.fee());
    }
    Release release = Release.fromLock(lock);
    Eip712Domain domain = Eip712Domain.of(dst.chainId(), dst.bridge());
    return new Verdict.Verified(
        lock, release, domain, BridgeEip712.digest(domain, release), received.subtract(fee));
  }

  private static Verdict refused(RefusalReason reason, String detail) {
    return new Verdict.Refused(reason, detail);
  }
}
