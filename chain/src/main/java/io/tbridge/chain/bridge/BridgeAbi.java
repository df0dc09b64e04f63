package io.tbridge.chain.bridge;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Keccak256;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.Signature65;
import io.tbridge.core.Uint256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * ABI encoding of the Bridge calls the submitter makes, and decoding of its revert selectors. Kept
 * by hand (a few fixed layouts) so the encoding is visible; tests run it against the real contract.
 */
public final class BridgeAbi {

  /**
   * Topic 0 of {@code Released(bytes32 indexed depositId, uint256 indexed srcChainId, address
   * indexed recipient, address srcBridge, uint256 nonce, address token, uint256 amount)}; topic 1
   * is the deposit id. {@link ReleasedEventDecoder} decodes it.
   */
  public static final io.tbridge.core.Hash32 RELEASED_TOPIC = ReleasedEventDecoder.TOPIC;

  private static final String RELEASE_TUPLE = "(uint256,address,uint256,address,address,uint256)";
  private static final byte[] RELEASE = selector("release(" + RELEASE_TUPLE + ",bytes)");
  private static final byte[] RELEASE_BATCH =
      selector("releaseBatch(" + RELEASE_TUPLE + "[],bytes)");
  private static final byte[] IS_RELEASED = selector("isReleased(uint256,address,uint256)");
  private static final byte[] REFUND =
      selector("refund((uint256,address,uint256,address,address,uint256),bytes)");
  private static final byte[] IS_REFUNDED = selector("isRefunded(uint256)");
  private static final byte[] PREWARM =
      selector("prewarmReplayWords(uint256,address,uint256,uint256)");

  /** Nonces per replay-bitmap word: nonce n is bit {@code 1 + n % 255} of word {@code n / 255}. */
  public static final int REPLAY_NONCES_PER_WORD = 255;

  /** Most replay-bitmap words one {@code prewarmReplayWords} call may cover. */
  public static final int MAX_PREWARM_WORDS = 64;

  /** Custom errors of the Bridge (and OpenZeppelin parts) the submitter tells apart. */
  private static final Map<String, String> ERRORS =
      Map.ofEntries(
          error("AlreadyReleased(bytes32)"),
          error("AlreadyRefunded(uint256)"),
          error("InvalidSignatureLength(uint256)"),
          error("InvalidSignatureV(uint8)"),
          error("InvalidSignatureS(bytes32)"),
          error("InvalidSignature()"),
          error("SignerMismatch(address)"),
          error("UntrustedSource(uint256,address)"),
          error("InvalidNonce()"),
          error("InvalidNonceRange(uint256,uint256)"),
          error("InvalidRecipient(address)"),
          error("ZeroAmount()"),
          error("CapExceeded(address,uint256,uint256)"),
          error("RollingCapExceeded(address,uint256,uint256)"),
          error("TokenNotConfigured(address)"),
          error("EmptyBatch()"),
          error("BatchAlreadyReleased()"),
          error("EnforcedPause()"),
          error("ReentrancyGuardReentrantCall()"),
          error("ERC20InsufficientBalance(address,uint256,uint256)"),
          error("SafeERC20FailedOperation(address)"),
          error("ECDSAInvalidSignature()"),
          error("ECDSAInvalidSignatureLength(uint256)"),
          error("ECDSAInvalidSignatureS(bytes32)"));

  private BridgeAbi() {}

  /** Calldata of {@code release(r, sig)} or {@code releaseBatch(rs, sig)}. */
  public static byte[] releaseCall(ReleasePayload payload, Signature65 signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] sig = signature.toBytes();
    if (payload instanceof Release r) {
      out.writeBytes(RELEASE);
      writeRelease(out, r);
      out.writeBytes(Uint256.toWord(7 * 32));
    } else {
      ReleaseBatch b = (ReleaseBatch) payload;
      int n = b.releases().size();
      out.writeBytes(RELEASE_BATCH);
      out.writeBytes(Uint256.toWord(64));
      out.writeBytes(Uint256.toWord(64 + 32 + (long) n * 6 * 32));
      out.writeBytes(Uint256.toWord(n));
      for (Release r : b.releases()) {
        writeRelease(out, r);
      }
    }
    out.writeBytes(Uint256.toWord(sig.length));
    out.writeBytes(Arrays.copyOf(sig, (sig.length + 31) / 32 * 32));
    return out.toByteArray();
  }

  /** Calldata of {@code refund(f, sig)} on the source bridge. */
  public static byte[] refundCall(io.tbridge.core.Refund f, Signature65 signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] sig = signature.toBytes();
    out.writeBytes(REFUND);
    out.writeBytes(Uint256.toWord(f.dstChainId().toBigInteger()));
    out.writeBytes(f.dstBridge().toWord());
    out.writeBytes(Uint256.toWord(f.nonce()));
    out.writeBytes(f.token().toWord());
    out.writeBytes(f.to().toWord());
    out.writeBytes(Uint256.toWord(f.amount()));
    out.writeBytes(Uint256.toWord(7 * 32));
    out.writeBytes(Uint256.toWord(sig.length));
    out.writeBytes(Arrays.copyOf(sig, (sig.length + 31) / 32 * 32));
    return out.toByteArray();
  }

  /** Calldata of {@code isRefunded(nonce)} on the source bridge. */
  public static byte[] isRefundedCall(BigInteger nonce) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(IS_REFUNDED);
    out.writeBytes(Uint256.toWord(nonce));
    return out.toByteArray();
  }

  /** Calldata of {@code isReleased(srcChainId, srcBridge, nonce)}. */
  public static byte[] isReleasedCall(ChainId srcChainId, Address srcBridge, BigInteger nonce) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(IS_RELEASED);
    out.writeBytes(Uint256.toWord(srcChainId.toBigInteger()));
    out.writeBytes(srcBridge.toWord());
    out.writeBytes(Uint256.toWord(nonce));
    return out.toByteArray();
  }

  /**
   * Calldata of {@code prewarmReplayWords(srcChainId, srcBridge, fromNonce, toNonce)}, which sets
   * the sentinel bit of the replay-bitmap words holding those nonces (at most {@link
   * #MAX_PREWARM_WORDS} words).
   */
  public static byte[] prewarmReplayWordsCall(
      ChainId srcChainId, Address srcBridge, BigInteger fromNonce, BigInteger toNonce) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PREWARM);
    out.writeBytes(Uint256.toWord(srcChainId.toBigInteger()));
    out.writeBytes(srcBridge.toWord());
    out.writeBytes(Uint256.toWord(fromNonce));
    out.writeBytes(Uint256.toWord(toNonce));
    return out.toByteArray();
  }

  /** Decodes a {@code bool} return value; anything else is refused. */
  public static boolean decodeBool(byte[] ret) {
    if (ret.length != 32) {
      throw new IllegalArgumentException("expected one ABI word, got " + ret.length + " bytes");
    }
    BigInteger v = new BigInteger(1, ret);
    if (v.compareTo(BigInteger.ONE) > 0) {
      throw new IllegalArgumentException("not an ABI bool: " + v);
    }
    return v.signum() == 1;
  }

  /** The error name (e.g. {@code EnforcedPause}) of revert data, if the selector is known. */
  public static Optional<String> errorName(String revertData) {
    if (revertData == null || !revertData.startsWith("0x") || revertData.length() < 10) {
      return Optional.empty();
    }
    return Optional.ofNullable(ERRORS.get(revertData.substring(2, 10).toLowerCase()));
  }

  private static void writeRelease(ByteArrayOutputStream out, Release r) {
    out.writeBytes(Uint256.toWord(r.srcChainId().toBigInteger()));
    out.writeBytes(r.srcBridge().toWord());
    out.writeBytes(Uint256.toWord(r.nonce()));
    out.writeBytes(r.token().toWord());
    out.writeBytes(r.recipient().toWord());
    out.writeBytes(Uint256.toWord(r.amount()));
  }

  private static byte[] selector(String signature) {
    return Arrays.copyOf(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)).bytes(), 4);
  }

  private static Map.Entry<String, String> error(String signature) {
    return Map.entry(
        HexFormat.of().formatHex(selector(signature)),
        signature.substring(0, signature.indexOf('(')));
  }
}
