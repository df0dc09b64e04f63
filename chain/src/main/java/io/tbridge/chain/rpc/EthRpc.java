package io.tbridge.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed Ethereum JSON-RPC calls over one endpoint. Parses strictly: a malformed answer is an {@link
 * RpcException}, never a silently defaulted value.
 */
public final class EthRpc {

  private final JsonRpc rpc;

  /** Typed calls over {@code rpc}. */
  public EthRpc(JsonRpc rpc) {
    this.rpc = rpc;
  }

  /** The endpoint's display name. */
  public String name() {
    return rpc.name();
  }

  /** The underlying endpoint. */
  public JsonRpc jsonRpc() {
    return rpc;
  }

  /** {@code eth_chainId}. */
  public long chainId() {
    return quantity(rpc.call("eth_chainId", List.of()), "chainId").longValueExact();
  }

  /** {@code eth_blockNumber}. */
  public long blockNumber() {
    return quantity(rpc.call("eth_blockNumber", List.of()), "blockNumber").longValueExact();
  }

  /** The header of a block, empty if the node does not know it (e.g. no finalized block yet). */
  public Optional<BlockHeader> header(BlockRef block) {
    JsonNode b = rpc.call("eth_getBlockByNumber", List.of(block.param(), false));
    if (b == null || b.isNull()) {
      return Optional.empty();
    }
    JsonNode baseFee = b.get("baseFeePerGas");
    return Optional.of(
        new BlockHeader(
            quantity(b.get("number"), "number").longValueExact(),
            hash(b.get("hash"), "hash"),
            hash(b.get("parentHash"), "parentHash"),
            baseFee == null || baseFee.isNull()
                ? Optional.empty()
                : Optional.of(quantity(baseFee, "baseFeePerGas"))));
  }

  /** {@code eth_getLogs} for one contract and event signature over an inclusive block range. */
  public List<RpcLog> logs(long fromBlock, long toBlock, Address address, Hash32 topic0) {
    return logs(fromBlock, toBlock, address, List.of(Optional.of(topic0)));
  }

  /**
   * {@code eth_getLogs} for one contract over an inclusive block range, matching {@code topics}
   * position by position (an empty position matches any topic).
   */
  public List<RpcLog> logs(
      long fromBlock, long toBlock, Address address, List<Optional<Hash32>> topics) {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("fromBlock", BlockRef.number(fromBlock).param());
    filter.put("toBlock", BlockRef.number(toBlock).param());
    filter.put("address", address.toLowerHex());
    List<String> wanted = new ArrayList<>(topics.size());
    for (Optional<Hash32> t : topics) {
      wanted.add(t.map(Hash32::toHex).orElse(null));
    }
    filter.put("topics", wanted);
    JsonNode result = rpc.call("eth_getLogs", List.of(filter));
    if (result == null || !result.isArray()) {
      throw malformed("eth_getLogs result is not an array");
    }
    List<RpcLog> logs = new ArrayList<>(result.size());
    for (JsonNode l : result) {
      logs.add(log(l));
    }
    return logs;
  }

  /** {@code eth_call} of {@code data} on {@code to} at {@code block}; returns the return data. */
  public byte[] call(Optional<Address> from, Address to, byte[] data, BlockRef block) {
    return bytes(rpc.call("eth_call", List.of(tx(from, to, data), block.param())), "call result");
  }

  /** {@code eth_getCode} of {@code account} at {@code block}; empty for an account without code. */
  public byte[] code(Address account, BlockRef block) {
    return bytes(rpc.call("eth_getCode", List.of(account.toLowerHex(), block.param())), "code");
  }

  /**
   * {@code eth_estimateGas}; a revert surfaces as a {@link JsonRpcError} carrying the revert data.
   */
  public BigInteger estimateGas(Address from, Address to, byte[] data) {
    return quantity(
        rpc.call("eth_estimateGas", List.of(tx(Optional.of(from), to, data))), "estimateGas");
  }

  /** {@code eth_getTransactionCount} of {@code account} at {@code block}. */
  public BigInteger transactionCount(Address account, BlockRef block) {
    return quantity(
        rpc.call("eth_getTransactionCount", List.of(account.toLowerHex(), block.param())),
        "transactionCount");
  }

  /** {@code eth_sendRawTransaction}; returns the transaction hash. */
  public Hash32 sendRawTransaction(byte[] signedTx) {
    String hex = "0x" + HexFormat.of().formatHex(signedTx);
    return hash(rpc.call("eth_sendRawTransaction", List.of(hex)), "txHash");
  }

  /** {@code eth_getTransactionReceipt}, empty while the transaction is not mined. */
  public Optional<TxReceipt> receipt(Hash32 txHash) {
    JsonNode r = rpc.call("eth_getTransactionReceipt", List.of(txHash.toHex()));
    if (r == null || r.isNull()) {
      return Optional.empty();
    }
    return Optional.of(receipt(r));
  }

  /**
   * {@code eth_getTransactionReceipt} with the receipt's logs (what a signer checks a lock
   * against), empty while the transaction is not mined or unknown.
   */
  public Optional<ReceiptLogs> receiptLogs(Hash32 txHash) {
    JsonNode r = rpc.call("eth_getTransactionReceipt", List.of(txHash.toHex()));
    if (r == null || r.isNull()) {
      return Optional.empty();
    }
    JsonNode ls = r.get("logs");
    if (ls == null || !ls.isArray()) {
      throw malformed("receipt without logs");
    }
    List<RpcLog> logs = new ArrayList<>(ls.size());
    for (JsonNode l : ls) {
      logs.add(log(l));
    }
    return Optional.of(new ReceiptLogs(receipt(r), logs));
  }

  private TxReceipt receipt(JsonNode r) {
    return new TxReceipt(
        hash(r.get("transactionHash"), "transactionHash"),
        quantity(r.get("status"), "status").signum() == 1,
        quantity(r.get("blockNumber"), "blockNumber").longValueExact(),
        hash(r.get("blockHash"), "blockHash"),
        quantity(r.get("gasUsed"), "gasUsed"),
        r.hasNonNull("effectiveGasPrice")
            ? quantity(r.get("effectiveGasPrice"), "effectiveGasPrice")
            : BigInteger.ZERO);
  }

  private RpcLog log(JsonNode l) {
    List<Hash32> topics = new ArrayList<>();
    JsonNode ts = l.get("topics");
    if (ts == null || !ts.isArray()) {
      throw malformed("log without topics");
    }
    for (JsonNode t : ts) {
      topics.add(hash(t, "topic"));
    }
    return new RpcLog(
        address(l.get("address"), "address"),
        topics,
        bytes(l.get("data"), "data"),
        quantity(l.get("blockNumber"), "blockNumber").longValueExact(),
        hash(l.get("blockHash"), "blockHash"),
        hash(l.get("transactionHash"), "transactionHash"),
        quantity(l.get("logIndex"), "logIndex").longValueExact(),
        l.path("removed").asBoolean(false));
  }

  /**
   * {@code eth_feeHistory} over the last {@code blocks} blocks with one reward percentile; returns
   * the next block's base fee and the per-block rewards.
   */
  public FeeHistory feeHistory(int blocks, double percentile) {
    JsonNode r =
        rpc.call(
            "eth_feeHistory",
            List.of("0x" + Integer.toHexString(blocks), "latest", List.of(percentile)));
    JsonNode baseFees = r == null ? null : r.get("baseFeePerGas");
    if (baseFees == null || !baseFees.isArray() || baseFees.isEmpty()) {
      throw malformed("eth_feeHistory without baseFeePerGas");
    }
    BigInteger next = quantity(baseFees.get(baseFees.size() - 1), "baseFeePerGas");
    List<BigInteger> rewards = new ArrayList<>();
    JsonNode reward = r.get("reward");
    if (reward != null && reward.isArray()) {
      for (JsonNode perBlock : reward) {
        if (perBlock.isArray() && !perBlock.isEmpty()) {
          rewards.add(quantity(perBlock.get(0), "reward"));
        }
      }
    }
    return new FeeHistory(next, rewards);
  }

  private static Map<String, Object> tx(Optional<Address> from, Address to, byte[] data) {
    Map<String, Object> tx = new LinkedHashMap<>();
    from.ifPresent(f -> tx.put("from", f.toLowerHex()));
    tx.put("to", to.toLowerHex());
    tx.put("data", "0x" + HexFormat.of().formatHex(data));
    return tx;
  }

  private RpcException malformed(String what) {
    return new RpcException(
        rpc.name(), "malformed answer: " + what, false, RpcErrorKind.MALFORMED_REPLY);
  }

  private BigInteger quantity(JsonNode n, String what) {
    if (n == null || !n.isTextual() || !n.asText().matches("0x[0-9a-fA-F]{1,64}")) {
      throw malformed(what + " is not a hex quantity");
    }
    return new BigInteger(n.asText().substring(2), 16);
  }

  private Hash32 hash(JsonNode n, String what) {
    if (n == null || !n.isTextual()) {
      throw malformed(what + " is not a hash");
    }
    try {
      return Hash32.of(n.asText());
    } catch (IllegalArgumentException e) {
      throw malformed(what + ": " + e.getMessage());
    }
  }

  private Address address(JsonNode n, String what) {
    if (n == null || !n.isTextual()) {
      throw malformed(what + " is not an address");
    }
    try {
      return Address.of(n.asText());
    } catch (IllegalArgumentException e) {
      throw malformed(what + ": " + e.getMessage());
    }
  }

  private byte[] bytes(JsonNode n, String what) {
    if (n == null || !n.isTextual() || !n.asText().matches("0x([0-9a-fA-F]{2})*")) {
      throw malformed(what + " is not hex data");
    }
    return HexFormat.of().parseHex(n.asText().substring(2));
  }
}
