package io.tbridge.core.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Refund;
import io.tbridge.core.Release;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.Uint256;
import io.tbridge.core.wire.proto.RefundMsg;
import io.tbridge.core.wire.proto.ReleaseMsg;
import io.tbridge.core.wire.proto.VersionProbe;
import java.math.BigInteger;
import java.util.List;

/**
 * The decoding discipline every codec shares: size limit, version check before the full parse, then
 * field checks that name the field and the rule. Everything a decoder can throw is turned into a
 * {@link DecodeResult.Rejected} here.
 */
final class Decoding {
  private Decoding() {}

  /** Parses the current schema of one message type. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  /** A field rule was broken; only ever thrown inside {@link #run} and caught there. */
  static final class Reject extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient DecodeError error;

    Reject(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.error = DecodeError.of(reason, detail);
    }
  }

  static <T> DecodeResult<T> run(byte[] bytes, int version, Parser<T> parser) {
    if (bytes == null) {
      return DecodeResult.rejected(RejectReason.MALFORMED, "record has no value (tombstone)");
    }
    if (bytes.length > WireCodec.MAX_MESSAGE_BYTES) {
      return DecodeResult.rejected(
          RejectReason.BAD_LENGTH,
          "record of " + bytes.length + " bytes exceeds " + WireCodec.MAX_MESSAGE_BYTES);
    }
    try {
      // Read the version alone first: a newer producer's layout must be refused as
      // UNKNOWN_VERSION, not misread field by field as if it were ours.
      VersionProbe probe = VersionProbe.parseFrom(bytes);
      if (!probe.hasSchemaVersion()) {
        return DecodeResult.rejected(RejectReason.MISSING_FIELD, "schema_version is missing");
      }
      int found = probe.getSchemaVersion();
      if (found != version) {
        return DecodeResult.rejected(
            RejectReason.UNKNOWN_VERSION,
            "schema_version " + Integer.toUnsignedString(found) + " is not " + version);
      }
      return DecodeResult.decoded(parser.parse(bytes));
    } catch (InvalidProtocolBufferException e) {
      return DecodeResult.rejected(RejectReason.MALFORMED, "not a valid protobuf message");
    } catch (Reject e) {
      return new DecodeResult.Rejected<>(e.error);
    } catch (IllegalArgumentException e) {
      // Domain factories throw this for cross-field rules (e.g. a lock to its own chain).
      return DecodeResult.rejected(RejectReason.INVALID, e.getMessage());
    }
  }

  static Reject reject(RejectReason reason, String detail) {
    return new Reject(reason, detail);
  }

  static void require(boolean present, String field) {
    if (!present) {
      throw reject(RejectReason.MISSING_FIELD, field + " is missing");
    }
  }

  static ChainId chainId(boolean present, long value, String field) {
    require(present, field);
    // uint64 values above 2^63 - 1 arrive as negative longs: out of range like zero.
    if (value <= 0) {
      throw reject(RejectReason.OUT_OF_RANGE, field + " must be in [1, 2^63)");
    }
    return ChainId.of(value);
  }

  static long nonNegative(boolean present, long value, String field) {
    require(present, field);
    if (value < 0) {
      throw reject(RejectReason.OUT_OF_RANGE, field + " must be in [0, 2^63)");
    }
    return value;
  }

  static byte[] fixed(boolean present, ByteString value, int length, String field) {
    require(present, field);
    if (value.size() != length) {
      throw reject(
          RejectReason.BAD_LENGTH, field + " must be " + length + " bytes, got " + value.size());
    }
    return value.toByteArray();
  }

  static Address address(boolean present, ByteString value, String field) {
    return Address.of(fixed(present, value, Address.LENGTH, field));
  }

  static Hash32 hash(boolean present, ByteString value, String field) {
    return Hash32.of(fixed(present, value, Hash32.LENGTH, field));
  }

  static BigInteger uint256(boolean present, ByteString value, String field) {
    return Uint256.fromWord(fixed(present, value, 32, field));
  }

  static BigInteger positiveUint256(boolean present, ByteString value, String field) {
    BigInteger number = uint256(present, value, field);
    if (number.signum() == 0) {
      throw reject(RejectReason.OUT_OF_RANGE, field + " must not be zero");
    }
    return number;
  }

  static Release release(ReleaseMsg msg, String where) {
    return new Release(
        chainId(msg.hasSrcChainId(), msg.getSrcChainId(), where + ".src_chain_id"),
        address(msg.hasSrcBridge(), msg.getSrcBridge(), where + ".src_bridge"),
        positiveUint256(msg.hasNonce(), msg.getNonce(), where + ".nonce"),
        address(msg.hasToken(), msg.getToken(), where + ".token"),
        address(msg.hasRecipient(), msg.getRecipient(), where + ".recipient"),
        positiveUint256(msg.hasAmount(), msg.getAmount(), where + ".amount"));
  }

  static ReleaseMsg release(Release release) {
    return ReleaseMsg.newBuilder()
        .setSrcChainId(release.srcChainId().value())
        .setSrcBridge(bytes(release.srcBridge()))
        .setNonce(word(release.nonce()))
        .setToken(bytes(release.token()))
        .setRecipient(bytes(release.recipient()))
        .setAmount(word(release.amount()))
        .build();
  }

  static Refund refund(RefundMsg msg, String where) {
    return new Refund(
        chainId(msg.hasDstChainId(), msg.getDstChainId(), where + ".dst_chain_id"),
        address(msg.hasDstBridge(), msg.getDstBridge(), where + ".dst_bridge"),
        positiveUint256(msg.hasNonce(), msg.getNonce(), where + ".nonce"),
        address(msg.hasToken(), msg.getToken(), where + ".token"),
        address(msg.hasTo(), msg.getTo(), where + ".to"),
        positiveUint256(msg.hasAmount(), msg.getAmount(), where + ".amount"));
  }

  static RefundMsg refund(Refund refund) {
    return RefundMsg.newBuilder()
        .setDstChainId(refund.dstChainId().value())
        .setDstBridge(bytes(refund.dstBridge()))
        .setNonce(word(refund.nonce()))
        .setToken(bytes(refund.token()))
        .setTo(bytes(refund.to()))
        .setAmount(word(refund.amount()))
        .build();
  }

  /** A 65-byte group signature: r, low s, v in {27, 28}. */
  static Signature65 signature(boolean present, ByteString value) {
    byte[] raw = fixed(present, value, Signature65.LENGTH, "signature");
    try {
      return Signature65.fromBytes(raw);
    } catch (IllegalArgumentException e) {
      throw reject(RejectReason.OUT_OF_RANGE, e.getMessage());
    }
  }

  /** The co-signing parties: 1 to {@link SignerSet#MAX_PARTIES} positive indices. */
  static SignerSet signerSet(List<Integer> parties) {
    if (parties.isEmpty()) {
      throw reject(RejectReason.MISSING_FIELD, "signer_set is missing");
    }
    if (parties.size() > SignerSet.MAX_PARTIES) {
      throw reject(
          RejectReason.OUT_OF_RANGE, "signer_set holds more than " + SignerSet.MAX_PARTIES);
    }
    for (int party : parties) {
      // uint32 above 2^31 - 1 arrives negative.
      if (party < 1) {
        throw reject(RejectReason.OUT_OF_RANGE, "signer_set indices must be positive");
      }
    }
    return SignerSet.of(parties);
  }

  static ByteString bytes(Address address) {
    return ByteString.copyFrom(address.bytes());
  }

  static ByteString bytes(Hash32 hash) {
    return ByteString.copyFrom(hash.bytes());
  }

  static ByteString word(BigInteger value) {
    return ByteString.copyFrom(Uint256.toWord(value));
  }
}
