package io.tbridge.chain.rpc;

import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One log as returned by {@code eth_getLogs}. Equality covers every field, so two endpoints agree
 * on a log only if they return it identically.
 *
 * @param address contract that emitted the log
 * @param topics indexed topics, event signature first
 * @param data non-indexed data
 * @param blockNumber block the log is in
 * @param blockHash hash of that block
 * @param txHash transaction that emitted the log
 * @param logIndex index of the log in its block
 * @param removed whether the node flags the log as removed by a reorg
 */
public record RpcLog(
    Address address,
    List<Hash32> topics,
    byte[] data,
    long blockNumber,
    Hash32 blockHash,
    Hash32 txHash,
    long logIndex,
    boolean removed) {

  /** Validates and copies fields. */
  public RpcLog {
    Objects.requireNonNull(address, "address");
    topics = List.copyOf(topics);
    data = data.clone();
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(txHash, "txHash");
    if (blockNumber < 0 || logIndex < 0) {
      throw new IllegalArgumentException("block number and log index must not be negative");
    }
  }

  /** A copy of the data. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Where the log is: block number and log index (unique on one chain view). */
  public String position() {
    return blockNumber + "/" + logIndex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RpcLog l
        && address.equals(l.address)
        && topics.equals(l.topics)
        && Arrays.equals(data, l.data)
        && blockNumber == l.blockNumber
        && blockHash.equals(l.blockHash)
        && txHash.equals(l.txHash)
        && logIndex == l.logIndex
        && removed == l.removed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        address, topics, Arrays.hashCode(data), blockNumber, blockHash, txHash, logIndex, removed);
  }

  @Override
  public String toString() {
    return "RpcLog[block="
        + blockNumber
        + " "
        + blockHash
        + ", tx="
        + txHash
        + ", logIndex="
        + logIndex
        + ", address="
        + address
        + ", data=0x"
        + HexFormat.of().formatHex(data)
        + (removed ? ", removed" : "")
        + "]";
  }
}
