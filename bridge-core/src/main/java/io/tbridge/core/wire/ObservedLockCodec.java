package io.tbridge.core.wire;

import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.proto.ObservedLockMsg;
import java.util.Objects;

/** Codec of {@code bridge.locks.v1}: a {@link LockEvent} keyed by its deposit id. */
public final class ObservedLockCodec implements WireCodec<LockEvent> {
  /** Schema version written and read. */
  public static final int SCHEMA_VERSION = 1;

  /** Default topic name. */
  public static final String TOPIC = "bridge.locks.v1";

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  @Override
  public String defaultTopic() {
    return TOPIC;
  }

  @Override
  public byte[] key(LockEvent lock) {
    return lock.depositId().value().bytes();
  }

  @Override
  public byte[] encode(LockEvent lock) {
    Objects.requireNonNull(lock, "lock");
    return ObservedLockMsg.newBuilder()
        .setSchemaVersion(SCHEMA_VERSION)
        .setSrcChainId(lock.sourceChainId().value())
        .setSrcBridge(Decoding.bytes(lock.sourceBridge()))
        .setTxHash(Decoding.bytes(lock.txHash()))
        .setLogIndex(lock.logIndex())
        .setBlockHash(Decoding.bytes(lock.blockHash()))
        .setBlockNumber(lock.blockNumber())
        .setDstChainId(lock.dstChainId().value())
        .setNonce(Decoding.word(lock.nonce()))
        .setSrcToken(Decoding.bytes(lock.srcToken()))
        .setDstToken(Decoding.bytes(lock.dstToken()))
        .setSender(Decoding.bytes(lock.sender()))
        .setRecipient(Decoding.bytes(lock.recipient()))
        .setAmount(Decoding.word(lock.amount()))
        .build()
        .toByteArray();
  }

  @Override
  public DecodeResult<LockEvent> decode(byte[] bytes) {
    return Decoding.run(
        bytes,
        SCHEMA_VERSION,
        raw -> {
          ObservedLockMsg m = ObservedLockMsg.parseFrom(raw);
          return new LockEvent(
              Decoding.chainId(m.hasSrcChainId(), m.getSrcChainId(), "src_chain_id"),
              Decoding.address(m.hasSrcBridge(), m.getSrcBridge(), "src_bridge"),
              Decoding.hash(m.hasTxHash(), m.getTxHash(), "tx_hash"),
              Decoding.nonNegative(m.hasLogIndex(), m.getLogIndex(), "log_index"),
              Decoding.hash(m.hasBlockHash(), m.getBlockHash(), "block_hash"),
              Decoding.nonNegative(m.hasBlockNumber(), m.getBlockNumber(), "block_number"),
              Decoding.chainId(m.hasDstChainId(), m.getDstChainId(), "dst_chain_id"),
              Decoding.positiveUint256(m.hasNonce(), m.getNonce(), "nonce"),
              Decoding.address(m.hasSrcToken(), m.getSrcToken(), "src_token"),
              Decoding.address(m.hasDstToken(), m.getDstToken(), "dst_token"),
              Decoding.address(m.hasSender(), m.getSender(), "sender"),
              Decoding.address(m.hasRecipient(), m.getRecipient(), "recipient"),
              Decoding.positiveUint256(m.hasAmount(), m.getAmount(), "amount"));
        });
  }
}
