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
 * Decodes the Bridge's {@code Released(bytes32 indexed depositId, uint256 indexed srcChainId,
 * address indexed recipient, address srcBridge, uint256 nonce, address token, uint256 amount)}
 * strictly: exact topics and data length, clean address words, and a deposit id that is the hash of
 * the source chain, bridge and nonce the event names. A log of the earlier four-field layout is
 * refused with a reason that says so.
 */
public final class ReleasedEventDecoder {

  /** The event signature. */
  public static final String SIGNATURE =
      "Released(bytes32,uint256,address,address,uint256,address,uint256)";

  /** topic0 of the event. */
  public static final Hash32 TOPIC = Keccak256.hash(SIGNATURE.getBytes(StandardCharsets.US_ASCII));

  /** topic0 of the earlier layout {@code Released(bytes32,address,address,uint256)}; never read. */
  public static final Hash32 LEGACY_TOPIC =
      Keccak256.hash(
          "Released(bytes32,address,address,uint256)".getBytes(StandardCharsets.US_ASCII));

  /** topic0 of {@code ReleaseSkipped(bytes32 indexed depositId)}: a batch entry already paid. */
  public static final Hash32 SKIPPED_TOPIC =
      Keccak256.hash("ReleaseSkipped(bytes32)".getBytes(StandardCharsets.US_ASCII));

  /**
   * One payout on the destination chain.
   *
   * @param depositId the deposit paid
   * @param srcChainId chain it was locked on
   * @param srcBridge bridge that emitted its {@code Locked} event
   * @param nonce that bridge's lock nonce
   * @param token token paid (transferred or minted)
   * @param recipient account paid
   * @param amount amount in the token's units
   * @param txHash transaction of the payout
   * @param blockNumber block of that transaction
   */
  public record Decoded(
      DepositId depositId,
      ChainId srcChainId,
      Address srcBridge,
      BigInteger nonce,
      Address token,
      Address recipient,
      BigInteger amount,
      Hash32 txHash,
      long blockNumber) {
    /** Validates presence. */
    public Decoded {
      Objects.requireNonNull(depositId, "depositId");
      Objects.requireNonNull(srcChainId, "srcChainId");
      Objects.requireNonNull(srcBridge, "srcBridge");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(txHash, "txHash");
    }
  }

  private ReleasedEventDecoder() {}

  /**
   * The payout in {@code log}, emitted by {@code bridge}.
   *
   * @throws IllegalArgumentException if the log is not a well-formed Released event of that bridge
   */
  public static Decoded decode(Address bridge, RpcLog log) {
    if (!log.address().equals(bridge)) {
      throw new IllegalArgumentException("log from " + log.address() + ", not the bridge");
    }
    if (!log.topics().isEmpty() && log.topics().get(0).equals(LEGACY_TOPIC)) {
      throw new IllegalArgumentException(
          "Released event of the old layout (no source chain, bridge or nonce): the bridge"
              + " predates this release and is not read");
    }
    if (log.topics().size() != 4 || !log.topics().get(0).equals(TOPIC)) {
      throw new IllegalArgumentException("not a Released event (topics " + log.topics() + ")");
    }
    byte[] data = log.data();
    if (data.length != 4 * 32) {
      throw new IllegalArgumentException("Released data must be 128 bytes, got " + data.length);
    }
    BigInteger src = new BigInteger(1, log.topics().get(2).bytes());
    if (src.signum() == 0 || src.bitLength() > 63) {
      throw new IllegalArgumentException("Released srcChainId out of range: " + src);
    }
    ChainId srcChainId = ChainId.of(src.longValueExact());
    Address srcBridge = address(word(data, 0));
    BigInteger nonce = new BigInteger(1, word(data, 1));
    DepositId id = DepositId.of(log.topics().get(1));
    if (!id.equals(DepositId.of(srcChainId, srcBridge, nonce))) {
      throw new IllegalArgumentException(
          "Released deposit id " + id + " is not the id of its source chain, bridge and nonce");
    }
    return new Decoded(
        id,
        srcChainId,
        srcBridge,
        nonce,
        address(word(data, 2)),
        address(log.topics().get(3).bytes()),
        new BigInteger(1, word(data, 3)),
        log.txHash(),
        log.blockNumber());
  }

  private static byte[] word(byte[] data, int i) {
    return Arrays.copyOfRange(data, 32 * i, 32 * (i + 1));
  }

  private static Address address(byte[] word) {
    for (int i = 0; i < 12; i++) {
      if (word[i] != 0) {
        throw new IllegalArgumentException("address word has non-zero upper bytes");
      }
    }
    return Address.of(Arrays.copyOfRange(word, 12, 32));
  }
}
