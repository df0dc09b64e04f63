package io.tbridge.core.wire;

import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.proto.SignedRefundMsg;
import java.util.Objects;

/**
 * Codec of {@code bridge.refunds.v1}: a {@link SignedRefund} keyed by the refunded deposit's id.
 */
public final class SignedRefundCodec implements WireCodec<SignedRefund> {
  /** Schema version written and read. */
  public static final int SCHEMA_VERSION = 1;

  /** Default topic name. */
  public static final String TOPIC = "bridge.refunds.v1";

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  @Override
  public String defaultTopic() {
    return TOPIC;
  }

  @Override
  public byte[] key(SignedRefund value) {
    return value.depositId().value().bytes();
  }

  @Override
  public byte[] encode(SignedRefund value) {
    Objects.requireNonNull(value, "value");
    return SignedRefundMsg.newBuilder()
        .setSchemaVersion(SCHEMA_VERSION)
        .setSrcChainId(value.source().chainId().value())
        .setSrcBridge(Decoding.bytes(value.source().verifyingContract()))
        .setRefund(Decoding.refund(value.refund()))
        .setSignature(com.google.protobuf.ByteString.copyFrom(value.signature().toBytes()))
        .addAllSignerSet(value.signers().parties())
        .build()
        .toByteArray();
  }

  @Override
  public DecodeResult<SignedRefund> decode(byte[] bytes) {
    return Decoding.run(bytes, SCHEMA_VERSION, raw -> fromMessage(SignedRefundMsg.parseFrom(raw)));
  }

  private static SignedRefund fromMessage(SignedRefundMsg m) {
    Eip712Domain source =
        Eip712Domain.of(
            Decoding.chainId(m.hasSrcChainId(), m.getSrcChainId(), "src_chain_id"),
            Decoding.address(m.hasSrcBridge(), m.getSrcBridge(), "src_bridge"));
    Decoding.require(m.hasRefund(), "refund");
    return new SignedRefund(
        source,
        Decoding.refund(m.getRefund(), "refund"),
        Decoding.signature(m.hasSignature(), m.getSignature()),
        Decoding.signerSet(m.getSignerSetList()));
  }
}
