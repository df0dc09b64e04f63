package io.tbridge.core.wire;

import io.tbridge.core.DepositId;
import io.tbridge.core.wire.proto.SingleRequestMsg;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;

/** Codec of {@code bridge.requests.v1}: a {@link SingleRequest} keyed by deposit id. */
public final class SingleRequestCodec implements WireCodec<SingleRequest> {
  /** Schema version written and read. */
  public static final int SCHEMA_VERSION = 1;

  /** Default topic name. */
  public static final String TOPIC = "bridge.requests.v1";

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  @Override
  public String defaultTopic() {
    return TOPIC;
  }

  @Override
  public byte[] key(SingleRequest value) {
    return value.depositId().value().bytes();
  }

  @Override
  public byte[] encode(SingleRequest value) {
    Objects.requireNonNull(value, "value");
    return SingleRequestMsg.newBuilder()
        .setSchemaVersion(SCHEMA_VERSION)
        .setDepositId(Decoding.bytes(value.depositId().value()))
        .setDstChainId(value.dstChainId().value())
        .setAtEpochMillis(value.at().toEpochMilli())
        .setReason(value.reason())
        .build()
        .toByteArray();
  }

  @Override
  public DecodeResult<SingleRequest> decode(byte[] bytes) {
    return Decoding.run(bytes, SCHEMA_VERSION, raw -> fromMessage(SingleRequestMsg.parseFrom(raw)));
  }

  private static SingleRequest fromMessage(SingleRequestMsg m) {
    DepositId depositId =
        DepositId.of(Decoding.hash(m.hasDepositId(), m.getDepositId(), "deposit_id"));
    var dst = Decoding.chainId(m.hasDstChainId(), m.getDstChainId(), "dst_chain_id");
    long millis =
        Decoding.nonNegative(m.hasAtEpochMillis(), m.getAtEpochMillis(), "at_epoch_millis");
    Instant at;
    try {
      at = Instant.ofEpochMilli(millis);
    } catch (DateTimeException e) {
      throw Decoding.reject(RejectReason.OUT_OF_RANGE, "at_epoch_millis is not a valid instant");
    }
    if (!m.hasReason()) {
      throw Decoding.reject(RejectReason.MISSING_FIELD, "reason is missing");
    }
    if (m.getReason().length() > SingleRequest.MAX_REASON_CHARS) {
      throw Decoding.reject(
          RejectReason.OUT_OF_RANGE, "reason exceeds " + SingleRequest.MAX_REASON_CHARS + " chars");
    }
    return new SingleRequest(depositId, dst, at, m.getReason());
  }
}
