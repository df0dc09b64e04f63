package io.tbridge.core.wire;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.wire.proto.DepositStageMsg;
import io.tbridge.core.wire.proto.StatusEventMsg;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Codec of {@code bridge.status.v1}: a {@link StatusEvent} keyed by deposit id. */
public final class StatusEventCodec implements WireCodec<StatusEvent> {
  /** Schema version written and read. */
  public static final int SCHEMA_VERSION = 1;

  /** Default topic name. */
  public static final String TOPIC = "bridge.status.v1";

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  @Override
  public String defaultTopic() {
    return TOPIC;
  }

  @Override
  public byte[] key(StatusEvent value) {
    return value.depositId().value().bytes();
  }

  @Override
  public byte[] encode(StatusEvent value) {
    Objects.requireNonNull(value, "value");
    StatusEventMsg.Builder msg =
        StatusEventMsg.newBuilder()
            .setSchemaVersion(SCHEMA_VERSION)
            .setDepositId(Decoding.bytes(value.depositId().value()))
            .setStage(toWire(value.stage()))
            .setAtEpochMillis(value.at().toEpochMilli());
    value.chainId().ifPresent(id -> msg.setChainId(id.value()));
    value.txHash().ifPresent(hash -> msg.setTxHash(Decoding.bytes(hash)));
    value.detail().ifPresent(msg::setDetail);
    return msg.build().toByteArray();
  }

  @Override
  public DecodeResult<StatusEvent> decode(byte[] bytes) {
    return Decoding.run(bytes, SCHEMA_VERSION, raw -> fromMessage(StatusEventMsg.parseFrom(raw)));
  }

  private static StatusEvent fromMessage(StatusEventMsg m) {
    DepositId depositId =
        DepositId.of(Decoding.hash(m.hasDepositId(), m.getDepositId(), "deposit_id"));
    DepositStage stage = fromWire(m.getStage(), m.getStageValue());
    long millis =
        Decoding.nonNegative(m.hasAtEpochMillis(), m.getAtEpochMillis(), "at_epoch_millis");
    Instant at;
    try {
      at = Instant.ofEpochMilli(millis);
    } catch (DateTimeException e) {
      throw Decoding.reject(RejectReason.OUT_OF_RANGE, "at_epoch_millis is not a valid instant");
    }
    Optional<ChainId> chainId =
        m.hasChainId()
            ? Optional.of(Decoding.chainId(true, m.getChainId(), "chain_id"))
            : Optional.empty();
    Optional<Hash32> txHash =
        m.hasTxHash()
            ? Optional.of(Decoding.hash(true, m.getTxHash(), "tx_hash"))
            : Optional.empty();
    Optional<String> detail = m.hasDetail() ? Optional.of(m.getDetail()) : Optional.empty();
    if (detail.isPresent() && detail.get().length() > StatusEvent.MAX_DETAIL_CHARS) {
      throw Decoding.reject(
          RejectReason.OUT_OF_RANGE, "detail exceeds " + StatusEvent.MAX_DETAIL_CHARS + " chars");
    }
    return new StatusEvent(depositId, stage, at, chainId, txHash, detail);
  }

  private static DepositStageMsg toWire(DepositStage stage) {
    return switch (stage) {
      case OBSERVED -> DepositStageMsg.DEPOSIT_STAGE_OBSERVED;
      case FINAL -> DepositStageMsg.DEPOSIT_STAGE_FINAL;
      case PUBLISHED -> DepositStageMsg.DEPOSIT_STAGE_PUBLISHED;
      case SIGNING -> DepositStageMsg.DEPOSIT_STAGE_SIGNING;
      case SIGNED -> DepositStageMsg.DEPOSIT_STAGE_SIGNED;
      case SUBMITTED -> DepositStageMsg.DEPOSIT_STAGE_SUBMITTED;
      case RELEASED -> DepositStageMsg.DEPOSIT_STAGE_RELEASED;
      case REORGED -> DepositStageMsg.DEPOSIT_STAGE_REORGED;
      case REFUSED -> DepositStageMsg.DEPOSIT_STAGE_REFUSED;
      case FAILED -> DepositStageMsg.DEPOSIT_STAGE_FAILED;
      case PARKED -> DepositStageMsg.DEPOSIT_STAGE_PARKED;
    };
  }

  private static DepositStage fromWire(DepositStageMsg stage, int raw) {
    return switch (stage) {
      case DEPOSIT_STAGE_OBSERVED -> DepositStage.OBSERVED;
      case DEPOSIT_STAGE_FINAL -> DepositStage.FINAL;
      case DEPOSIT_STAGE_PUBLISHED -> DepositStage.PUBLISHED;
      case DEPOSIT_STAGE_SIGNING -> DepositStage.SIGNING;
      case DEPOSIT_STAGE_SIGNED -> DepositStage.SIGNED;
      case DEPOSIT_STAGE_SUBMITTED -> DepositStage.SUBMITTED;
      case DEPOSIT_STAGE_RELEASED -> DepositStage.RELEASED;
      case DEPOSIT_STAGE_REORGED -> DepositStage.REORGED;
      case DEPOSIT_STAGE_REFUSED -> DepositStage.REFUSED;
      case DEPOSIT_STAGE_FAILED -> DepositStage.FAILED;
      case DEPOSIT_STAGE_PARKED -> DepositStage.PARKED;
      case DEPOSIT_STAGE_UNSPECIFIED ->
          throw Decoding.reject(RejectReason.MISSING_FIELD, "stage is missing");
      case UNRECOGNIZED ->
          throw Decoding.reject(
              RejectReason.OUT_OF_RANGE, "stage " + raw + " is not a known stage");
    };
  }
}
