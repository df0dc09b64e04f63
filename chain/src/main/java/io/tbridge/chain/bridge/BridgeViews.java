package io.tbridge.chain.bridge;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Keccak256;
import io.tbridge.core.Uint256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Bridge's read-only views that a signer checks a lock against (the route table and the
 * lock-side amount calculation), and the ERC-20 {@code Transfer} event. Strict decoding: a return
 * value of the wrong length or with dirty padding is refused.
 */
public final class BridgeViews {

  /** topic0 of ERC-20 {@code Transfer(address,address,uint256)}. */
  public static final Hash32 TRANSFER_TOPIC =
      Keccak256.hash("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));

  /** {@code TokenMode.LOCK_RELEASE}. */
  public static final int LOCK_RELEASE = 1;

  /** {@code TokenMode.BURN_MINT}. */
  public static final int BURN_MINT = 2;

  private static final byte[] ROUTE = selector("route(address,uint256)");
  private static final byte[] QUOTE_LOCK = selector("quoteLock(address,uint256,uint256)");
  private static final byte[] LAST_NONCE = selector("lastNonce()");

  private BridgeViews() {}

  /**
   * A route as {@code route(srcToken, dstChainId)} returns it.
   *
   * @param dstToken destination token (zero when there is no route)
   * @param mode how the bridge holds the source token (0 none, 1 lock/release, 2 burn/mint)
   * @param srcDecimals source token decimals
   * @param dstDecimals destination token decimals
   */
  public record Route(Address dstToken, int mode, int srcDecimals, int dstDecimals) {}

  /** Calldata of {@code lastNonce()}: the last lock nonce the bridge gave. */
  public static byte[] lastNonceCall() {
    return LAST_NONCE.clone();
  }

  /** Decodes the return data of {@code lastNonce()}. */
  public static BigInteger decodeLastNonce(byte[] ret) {
    words(ret, 1);
    return new BigInteger(1, ret);
  }

  /** Calldata of {@code route(srcToken, dstChainId)}. */
  public static byte[] routeCall(Address srcToken, ChainId dstChainId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ROUTE);
    out.writeBytes(srcToken.toWord());
    out.writeBytes(Uint256.toWord(dstChainId.toBigInteger()));
    return out.toByteArray();
  }

  /** Decodes the return data of {@code route}. */
  public static Route decodeRoute(byte[] ret) {
    words(ret, 4);
    return new Route(
        address(Arrays.copyOfRange(ret, 0, 32)),
        small(Arrays.copyOfRange(ret, 32, 64)),
        small(Arrays.copyOfRange(ret, 64, 96)),
        small(Arrays.copyOfRange(ret, 96, 128)));
  }

  /** Calldata of {@code quoteLock(srcToken, received, dstChainId)}. */
  public static byte[] quoteLockCall(Address srcToken, BigInteger received, ChainId dstChainId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(QUOTE_LOCK);
    out.writeBytes(srcToken.toWord());
    out.writeBytes(Uint256.toWord(received));
    out.writeBytes(Uint256.toWord(dstChainId.toBigInteger()));
    return out.toByteArray();
  }

  /** The {@code fee} (source units) in the return data of {@code quoteLock}: its first word. */
  public static BigInteger decodeQuoteLockFee(byte[] ret) {
    words(ret, 2);
    return new BigInteger(1, Arrays.copyOfRange(ret, 0, 32));
  }

  /** The destination amount of a {@code quoteLock} return value {@code (fee, dstAmount)}. */
  public static BigInteger decodeQuoteLockAmount(byte[] ret) {
    words(ret, 2);
    return new BigInteger(1, Arrays.copyOfRange(ret, 32, 64));
  }

  /** The address in a 32-byte topic or word; refuses dirty upper bytes. */
  public static Address address(byte[] word) {
    if (word.length != 32) {
      throw new IllegalArgumentException("an address word has 32 bytes");
    }
    for (int i = 0; i < 12; i++) {
      if (word[i] != 0) {
        throw new IllegalArgumentException("address word has non-zero upper bytes");
      }
    }
    return Address.of(Arrays.copyOfRange(word, 12, 32));
  }

  private static int small(byte[] word) {
    BigInteger v = new BigInteger(1, word);
    if (v.bitLength() > 8) {
      throw new IllegalArgumentException("expected a uint8, got " + v);
    }
    return v.intValue();
  }

  private static void words(byte[] ret, int n) {
    if (ret.length != 32 * n) {
      throw new IllegalArgumentException(
          "expected " + n + " ABI words, got " + ret.length + " bytes");
    }
  }

  private static byte[] selector(String signature) {
    return Arrays.copyOf(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)).bytes(), 4);
  }
}
