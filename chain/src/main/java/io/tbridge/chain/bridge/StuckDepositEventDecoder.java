package io.tbridge.chain.bridge;

import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Keccak256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes the Bridge's stuck-deposit events strictly: {@code DepositVoided(bytes32 indexed
 * depositId, uint256 indexed srcChainId, address srcBridge, uint256 nonce)} on the destination and
 * {@code Refunded(uint256 indexed nonce, address indexed token, address indexed to, uint256 amount,
 * uint256 dstChainId)} on the source.
 */
public final class StuckDepositEventDecoder {

  /** topic0 of {@code DepositVoided}. */
  public static final Hash32 VOIDED_TOPIC =
      Keccak256.hash(
          "DepositVoided(bytes32,uint256,address,uint256)".getBytes(StandardCharsets.US_ASCII));

  /** topic0 of {@code Refunded}. */
  public static final Hash32 REFUNDED_TOPIC =
      Keccak256.hash(
          "Refunded(uint256,address,address,uint256,uint256)".getBytes(StandardCharsets.US_ASCII));

  /**
   * A deposit voided on its destination.
   *
   * @param depositId the deposit
   * @param srcChainId its source chain
   * @param srcBridge its source bridge
   * @param nonce its lock nonce
   * @param txHash transaction of the void
   */
  public record Voided(
      DepositId depositId, ChainId srcChainId, Address srcBridge, BigInteger nonce, Hash32 txHash) {
    /** Validates presence. */
    public Voided {
      Objects.requireNonNull(depositId, "depositId");
      Objects.requireNonNull(srcChainId, "srcChainId");
      Objects.requireNonNull(srcBridge, "srcBridge");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(txHash, "txHash");
    }
  }

  /**
   * A deposit paid back on its source.
   *
   * @param nonce the source bridge's lock nonce
   * @param token token paid back
   * @param to the deposit's sender
   * @param amount amount in the token's units
   * @param dstChainId the destination that voided the deposit
   * @param txHash transaction of the refund
   */
  public record Refunded(
      BigInteger nonce,
      Address token,
      Address to,
      BigInteger amount,
      ChainId dstChainId,
      Hash32 txHash) {
    /** Validates presence. */
    public Refunded {
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(dstChainId, "dstChainId");
      Objects.requireNonNull(txHash, "txHash");
    }
  }

  private StuckDepositEventDecoder() {}

  /**
   * The void in {@code log}, emitted by {@code bridge}.
   *
   * @throws IllegalArgumentException if the log is not a well-formed DepositVoided of that bridge
   */
  public static Voided decodeVoided(Address bridge, RpcLog log) {
    byte[] data = check(bridge, log, VOIDED_TOPIC, 3, "DepositVoided");
    ChainId src = chainId(log.topics().get(2).bytes(), "DepositVoided srcChainId");
    Address srcBridge = BridgeViews.address(word(data, 0));
    BigInteger nonce = new BigInteger(1, word(data, 1));
    DepositId id = DepositId.of(log.topics().get(1));
    if (!id.equals(DepositId.of(src, srcBridge, nonce))) {
      throw new IllegalArgumentException(
          "DepositVoided id " + id + " is not the id of its source chain, bridge and nonce");
    }
    return new Voided(id, src, srcBridge, nonce, log.txHash());
  }

  /**
   * The refund in {@code log}, emitted by {@code bridge}.
   *
   * @throws IllegalArgumentException if the log is not a well-formed Refunded of that bridge
   */
  public static Refunded decodeRefunded(Address bridge, RpcLog log) {
    byte[] data = check(bridge, log, REFUNDED_TOPIC, 4, "Refunded");
    return new Refunded(
        new BigInteger(1, log.topics().get(1).bytes()),
        BridgeViews.address(log.topics().get(2).bytes()),
        BridgeViews.address(log.topics().get(3).bytes()),
        new BigInteger(1, word(data, 0)),
        chainId(word(data, 1), "Refunded dstChainId"),
        log.txHash());
  }

  private static byte[] check(Address bridge, RpcLog log, Hash32 topic, int topics, String name) {
    if (!log.address().equals(bridge)) {
      throw new IllegalArgumentException("log from " + log.address() + ", not the bridge");
    }
    if (log.topics().size() != topics || !log.topics().get(0).equals(topic)) {
      throw new IllegalArgumentException("not a " + name + " event (topics " + log.topics() + ")");
    }
    byte[] data = log.data();
    if (data.length != 64) {
      throw new IllegalArgumentException(name + " data must be 64 bytes, got " + data.length);
    }
    return data;
  }

  private static ChainId chainId(byte[] word, String what) {
    BigInteger v = new BigInteger(1, word);
    if (v.signum() == 0 || v.bitLength() > 63) {
      throw new IllegalArgumentException(what + " out of range: " + v);
    }
    return ChainId.of(v.longValueExact());
  }

  private static byte[] word(byte[] data, int i) {
    return Arrays.copyOfRange(data, 32 * i, 32 * (i + 1));
  }
}
