package io.tbridge.chain.bridge;

import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Keccak256;
import io.tbridge.core.LockEvent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes the Bridge's {@code Locked(uint256 indexed dstChainId, uint256 indexed nonce, address
 * indexed srcToken, address dstToken, address sender, address recipient, uint256 amount, uint256
 * received, uint256 fee)} event strictly: exact topic count, exact data length, clean address
 * words. A log of the earlier seven-field layout is refused with a reason that says so, never read
 * as this one.
 */
public final class LockedEventDecoder {

  /** The event signature. */
  public static final String SIGNATURE =
      "Locked(uint256,uint256,address,address,address,address,uint256,uint256,uint256)";

  /** topic0 of the event. */
  public static final Hash32 TOPIC = Keccak256.hash(SIGNATURE.getBytes(StandardCharsets.US_ASCII));

  /** topic0 of the earlier layout, without {@code received} and {@code fee}; never decoded. */
  public static final Hash32 LEGACY_TOPIC =
      Keccak256.hash(
          "Locked(uint256,uint256,address,address,address,address,uint256)"
              .getBytes(StandardCharsets.US_ASCII));

  private static final int DATA_WORDS = 6;

  /**
   * A decoded lock with the event's accounting fields, both in source-token units.
   *
   * @param lock the lock as the rest of the system sees it
   * @param received what the source bridge's balance of the token gained
   * @param fee what went to the treasury out of {@code received}
   */
  public record Decoded(LockEvent lock, BigInteger received, BigInteger fee) {
    /** Validates: both present, the fee never above what was received. */
    public Decoded {
      Objects.requireNonNull(lock, "lock");
      Objects.requireNonNull(received, "received");
      Objects.requireNonNull(fee, "fee");
      if (received.signum() <= 0 || fee.signum() < 0 || fee.compareTo(received) >= 0) {
        throw new IllegalArgumentException(
            "Locked received " + received + " and fee " + fee + " are inconsistent");
      }
    }
  }

  private LockedEventDecoder() {}

  /**
   * The lock in {@code log}, seen on {@code chain} from {@code bridge}.
   *
   * @throws IllegalArgumentException if the log is not a well-formed Locked event of that bridge
   */
  public static LockEvent decode(ChainId chain, Address bridge, RpcLog log) {
    return decodeWithAccounting(chain, bridge, log).lock();
  }

  /**
   * The lock in {@code log} with its {@code received} and {@code fee} fields.
   *
   * @throws IllegalArgumentException if the log is not a well-formed Locked event of that bridge
   */
  public static Decoded decodeWithAccounting(ChainId chain, Address bridge, RpcLog log) {
    if (!log.address().equals(bridge)) {
      throw new IllegalArgumentException("log from " + log.address() + ", not the bridge");
    }
    if (!log.topics().isEmpty() && log.topics().get(0).equals(LEGACY_TOPIC)) {
      throw new IllegalArgumentException(
          "Locked event of the old layout (no received/fee fields): the bridge predates this"
              + " release and is not read");
    }
    if (log.topics().size() != 4 || !log.topics().get(0).equals(TOPIC)) {
      throw new IllegalArgumentException("not a Locked event (topics " + log.topics() + ")");
    }
    byte[] data = log.data();
    if (data.length != DATA_WORDS * 32) {
      throw new IllegalArgumentException(
          "Locked data must be " + DATA_WORDS * 32 + " bytes, got " + data.length);
    }
    BigInteger dst = uint(log.topics().get(1).bytes());
    if (dst.signum() == 0 || dst.bitLength() > 63) {
      throw new IllegalArgumentException("Locked dstChainId out of range: " + dst);
    }
    LockEvent lock =
        new LockEvent(
            chain,
            bridge,
            log.txHash(),
            log.logIndex(),
            log.blockHash(),
            log.blockNumber(),
            ChainId.of(dst.longValueExact()),
            uint(log.topics().get(2).bytes()),
            address(log.topics().get(3).bytes()),
            address(word(data, 0)),
            address(word(data, 1)),
            address(word(data, 2)),
            uint(word(data, 3)));
    return new Decoded(lock, uint(word(data, 4)), uint(word(data, 5)));
  }

  private static byte[] word(byte[] data, int i) {
    return Arrays.copyOfRange(data, 32 * i, 32 * (i + 1));
  }

  private static BigInteger uint(byte[] word) {
    return new BigInteger(1, word);
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
