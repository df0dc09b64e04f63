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

/**
 * Decodes the Bridge's {@code Locked(uint256 indexed dstChainId, uint256 indexed nonce, address
 * indexed srcToken, address dstToken, address sender, address recipient, uint256 amount)} event
 * strictly: exact topic count, exact data length, clean address words.
 */
public final class LockedEventDecoder {

  /** The event signature. */
  public static final String SIGNATURE =
      "Locked(uint256,uint256,address,address,address,address,uint256)";

  /** topic0 of the event. */
  public static final Hash32 TOPIC = Keccak256.hash(SIGNATURE.getBytes(StandardCharsets.US_ASCII));

  private LockedEventDecoder() {}

  /**
   * The lock in {@code log}, seen on {@code chain} from {@code bridge}.
   *
   * @throws IllegalArgumentException if the log is not a well-formed Locked event of that bridge
   */
  public static LockEvent decode(ChainId chain, Address bridge, RpcLog log) {
    if (!log.address().equals(bridge)) {
      throw new IllegalArgumentException("log from " + log.address() + ", not the bridge");
    }
    if (log.topics().size() != 4 || !log.topics().get(0).equals(TOPIC)) {
      throw new IllegalArgumentException("not a Locked event (topics " + log.topics() + ")");
    }
    byte[] data = log.data();
    if (data.length != 4 * 32) {
      throw new IllegalArgumentException("Locked data must be 128 bytes, got " + data.length);
    }
    BigInteger dst = uint(log.topics().get(1).bytes());
    if (dst.signum() == 0 || dst.bitLength() > 63) {
      throw new IllegalArgumentException("Locked dstChainId out of range: " + dst);
    }
    return new LockEvent(
        chain,
        bridge,
        log.txHash(),
        log.logIndex(),
        log.blockHash(),
        log.blockNumber(),
        ChainId.of(dst.longValueExact()),
        uint(log.topics().get(2).bytes()),
        address(log.topics().get(3).bytes()),
        address(Arrays.copyOfRange(data, 0, 32)),
        address(Arrays.copyOfRange(data, 32, 64)),
        address(Arrays.copyOfRange(data, 64, 96)),
        uint(Arrays.copyOfRange(data, 96, 128)));
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
