package io.tbridge.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tbridge.core.Samples;
import io.tbridge.core.Signature65;
import io.tbridge.core.wire.proto.DeadLetterMsg;
import io.tbridge.core.wire.proto.ObservedLockMsg;
import io.tbridge.core.wire.proto.ReleaseBatchMsg;
import io.tbridge.core.wire.proto.SignedReleaseMsg;
import io.tbridge.core.wire.proto.StatusEventMsg;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each documented refusal, produced on purpose from an otherwise valid message. */
class DecodeErrorTest {
  private final ObservedLockCodec locks = new ObservedLockCodec();
  private final SignedReleaseCodec signed = new SignedReleaseCodec();
  private final StatusEventCodec status = new StatusEventCodec();
  private final DeadLetterCodec deadLetters = new DeadLetterCodec();

  private DecodeError lockError(UnaryOperator<ObservedLockMsg.Builder> change) throws Exception {
    ObservedLockMsg valid = ObservedLockMsg.parseFrom(locks.encode(Samples.lock(3)));
    return locks
        .decode(change.apply(valid.toBuilder()).build().toByteArray())
        .error()
        .orElseThrow();
  }

  private DecodeError signedError(SignedRelease sample, UnaryOperator<SignedReleaseMsg.Builder> c)
      throws Exception {
    SignedReleaseMsg valid = SignedReleaseMsg.parseFrom(signed.encode(sample));
    return signed.decode(c.apply(valid.toBuilder()).build().toByteArray()).error().orElseThrow();
  }

  private DecodeError statusError(UnaryOperator<StatusEventMsg.Builder> change) throws Exception {
    StatusEventMsg valid = StatusEventMsg.parseFrom(status.encode(WireSamples.status()));
    return status
        .decode(change.apply(valid.toBuilder()).build().toByteArray())
        .error()
        .orElseThrow();
  }

  @Test
  void shouldRejectUnknownSchemaVersion() throws Exception {
    DecodeError error = lockError(b -> b.setSchemaVersion(2));
    assertThat(error.reason()).isEqualTo(RejectReason.UNKNOWN_VERSION);
    assertThat(error.detail()).contains("schema_version 2");
  }

  @Test
  void shouldRejectNewerLayoutAsUnknownVersionNotAsBadFields() {
    // A hypothetical v2 whose field 3 became a varint: the version decides, not the fields.
    byte[] v2 = {0x08, 0x02, 0x18, 0x05};
    assertThat(locks.decode(v2).error().orElseThrow().reason())
        .isEqualTo(RejectReason.UNKNOWN_VERSION);
  }

  @Test
  void shouldRejectMissingSchemaVersion() throws Exception {
    assertThat(lockError(ObservedLockMsg.Builder::clearSchemaVersion).reason())
        .isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(locks.decode(new byte[0]).error().orElseThrow().reason())
        .isEqualTo(RejectReason.MISSING_FIELD);
  }

  @Test
  void shouldNameTheMissingField() throws Exception {
    DecodeError error = lockError(ObservedLockMsg.Builder::clearRecipient);
    assertThat(error.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(error.detail()).isEqualTo("recipient is missing");
  }

  @Test
  void shouldRejectBadLengths() throws Exception {
    DecodeError shortAddress = lockError(b -> b.setSrcBridge(ByteString.copyFrom(new byte[19])));
    assertThat(shortAddress.reason()).isEqualTo(RejectReason.BAD_LENGTH);
    assertThat(shortAddress.detail()).contains("src_bridge").contains("20 bytes");

    assertThat(lockError(b -> b.setAmount(ByteString.copyFrom(new byte[33]))).reason())
        .isEqualTo(RejectReason.BAD_LENGTH);
    assertThat(lockError(b -> b.setTxHash(ByteString.EMPTY)).reason())
        .isEqualTo(RejectReason.BAD_LENGTH);
  }

  @Test
  void shouldRejectOutOfRangeNumbers() throws Exception {
    assertThat(lockError(b -> b.setSrcChainId(0)).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(lockError(b -> b.setDstChainId(-1L)).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(lockError(b -> b.setBlockNumber(Long.MIN_VALUE)).reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
    DecodeError zeroNonce = lockError(b -> b.setNonce(ByteString.copyFrom(new byte[32])));
    assertThat(zeroNonce.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(zeroNonce.detail()).isEqualTo("nonce must not be zero");
  }

  @Test
  void shouldRejectLockToItsOwnChainAsInvalid() throws Exception {
    DecodeError error = lockError(b -> b.setDstChainId(b.getSrcChainId()));
    assertThat(error.reason()).isEqualTo(RejectReason.INVALID);
  }

  @Test
  void shouldRejectGarbageTombstoneAndOversize() {
    assertThat(locks.decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}).error())
        .map(DecodeError::reason)
        .contains(RejectReason.MALFORMED);
    assertThat(locks.decode(null).error().orElseThrow().reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(locks.decode(new byte[WireCodec.MAX_MESSAGE_BYTES + 1]).error())
        .map(DecodeError::reason)
        .contains(RejectReason.BAD_LENGTH);
  }

  @Test
  void shouldRejectHighSAndBadVInSignedRelease() throws Exception {
    SignedRelease sample = WireSamples.single();
    byte[] highS = sample.signature().toBytes();
    byte[] flipped =
        io.tbridge.core.Uint256.toWord(Signature65.CURVE_ORDER.subtract(sample.signature().s()));
    System.arraycopy(flipped, 0, highS, 32, 32);
    highS[64] = (byte) (55 - sample.signature().v());
    DecodeError high = signedError(sample, b -> b.setSignature(ByteString.copyFrom(highS)));
    assertThat(high.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(high.detail()).contains("low");

    byte[] badV = sample.signature().toBytes();
    badV[64] = 1;
    assertThat(signedError(sample, b -> b.setSignature(ByteString.copyFrom(badV))).reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldRejectCompactSignature() throws Exception {
    SignedRelease sample = WireSamples.single();
    ByteString compact = ByteString.copyFrom(sample.signature().toBytes(), 0, 64);
    assertThat(signedError(sample, b -> b.setSignature(compact)).reason())
        .isEqualTo(RejectReason.BAD_LENGTH);
  }

  @Test
  void shouldRejectMissingPayloadAndEmptyBatch() throws Exception {
    assertThat(signedError(WireSamples.single(), SignedReleaseMsg.Builder::clearPayload).reason())
        .isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(
            signedError(WireSamples.batch(), b -> b.setBatch(ReleaseBatchMsg.getDefaultInstance()))
                .reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldRejectDuplicateDepositInBatchAsInvalid() throws Exception {
    DecodeError error =
        signedError(
            WireSamples.batch(),
            b -> b.setBatch(b.getBatch().toBuilder().addReleases(b.getBatch().getReleases(0))));
    assertThat(error.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(error.detail()).contains("twice");
  }

  @Test
  void shouldRejectBadSignerSets() throws Exception {
    assertThat(signedError(WireSamples.single(), SignedReleaseMsg.Builder::clearSignerSet).reason())
        .isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(signedError(WireSamples.single(), b -> b.addSignerSet(0)).reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(signedError(WireSamples.single(), b -> b.addSignerSet(1)).reason())
        .isEqualTo(RejectReason.INVALID);
  }

  @Test
  void shouldRejectReleaseOnItsOwnSourceChain() throws Exception {
    DecodeError error =
        signedError(WireSamples.single(), b -> b.setDstChainId(b.getSingle().getSrcChainId()));
    assertThat(error.reason()).isEqualTo(RejectReason.INVALID);
  }

  @Test
  void shouldRejectUnknownOrMissingStage() throws Exception {
    assertThat(statusError(b -> b.setStageValue(0)).reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(statusError(b -> b.setStageValue(99)).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(statusError(StatusEventMsg.Builder::clearChainId).reason())
        .isEqualTo(RejectReason.INVALID);
  }

  @Test
  void shouldRejectDeadLetterWithUnknownReason() throws Exception {
    DeadLetterMsg valid = DeadLetterMsg.parseFrom(deadLetters.encode(WireSamples.deadLetter()));
    byte[] bad = valid.toBuilder().setReasonValue(42).build().toByteArray();
    assertThat(deadLetters.decode(bad).error().orElseThrow().reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
    byte[] noTopic = valid.toBuilder().clearOriginalTopic().build().toByteArray();
    assertThat(deadLetters.decode(noTopic).error().orElseThrow().reason())
        .isEqualTo(RejectReason.MISSING_FIELD);
  }

  @Test
  void shouldThrowTypedExceptionOnlyWhenAsked() {
    DecodeResult<?> result = locks.decode(new byte[] {1});
    assertThat(result.isDecoded()).isFalse();
    try {
      result.orElseThrow();
    } catch (DecodeException e) {
      assertThat(e.error()).isEqualTo(result.error().orElseThrow());
      return;
    }
    throw new AssertionError("expected a DecodeException");
  }
}
