package io.tbridge.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.core.ChainId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Samples;
import io.tbridge.core.eip712.BridgeEip712;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {

  @Test
  void shouldRoundTripObservedLockKeyedByDepositId() {
    ObservedLockCodec codec = new ObservedLockCodec();
    LockEvent lock = Samples.lock(5);

    assertThat(codec.decode(codec.encode(lock)).orElseThrow()).isEqualTo(lock);
    assertThat(codec.key(lock)).isEqualTo(lock.depositId().value().bytes());
    assertThat(codec.defaultTopic()).isEqualTo("bridge.locks.v1");
  }

  @Test
  void shouldRoundTripSignedSingleRelease() {
    SignedReleaseCodec codec = new SignedReleaseCodec();
    SignedRelease single = WireSamples.single();

    SignedRelease decoded = codec.decode(codec.encode(single)).orElseThrow();

    assertThat(decoded).isEqualTo(single);
    assertThat(decoded.digest())
        .isEqualTo(BridgeEip712.digest(single.destination(), single.payload()));
    assertThat(codec.key(single)).isEqualTo(Samples.lock(1).depositId().value().bytes());
  }

  @Test
  void shouldRoundTripSignedBatchKeyedByBatchHash() {
    SignedReleaseCodec codec = new SignedReleaseCodec();
    SignedRelease batch = WireSamples.batch();

    assertThat(codec.decode(codec.encode(batch)).orElseThrow()).isEqualTo(batch);
    assertThat(codec.key(batch)).hasSize(32).isNotEqualTo(codec.key(WireSamples.single()));
  }

  @Test
  void shouldRoundTripSignedRefundKeyedByTheRefundedDeposit() {
    SignedRefundCodec codec = new SignedRefundCodec();
    SignedRefund refund = WireSamples.refund();

    SignedRefund decoded = codec.decode(codec.encode(refund)).orElseThrow();

    assertThat(decoded).isEqualTo(refund);
    assertThat(decoded.digest()).isEqualTo(BridgeEip712.digest(refund.source(), refund.refund()));
    assertThat(codec.key(refund))
        .isEqualTo(
            io.tbridge.core.DepositId.of(
                    refund.source().chainId(),
                    refund.source().verifyingContract(),
                    refund.refund().nonce())
                .value()
                .bytes());
    assertThat(codec.defaultTopic()).isEqualTo("bridge.refunds.v1");
  }

  @Test
  void aSignedRefundWithoutItsRefundOrWithAZeroAmountIsRejectedByName() throws Exception {
    SignedRefundCodec codec = new SignedRefundCodec();
    var full =
        io.tbridge.core.wire.proto.SignedRefundMsg.parseFrom(codec.encode(WireSamples.refund()));
    byte[] noRefund = full.toBuilder().clearRefund().build().toByteArray();
    byte[] zero =
        full.toBuilder()
            .setRefund(
                full.getRefund().toBuilder()
                    .setAmount(com.google.protobuf.ByteString.copyFrom(new byte[32])))
            .build()
            .toByteArray();
    byte[] sameChain = full.toBuilder().setSrcChainId(31338).build().toByteArray();

    assertThat(codec.decode(noRefund).error().orElseThrow().detail()).contains("refund");
    assertThat(codec.decode(zero).error().orElseThrow().detail()).contains("refund.amount");
    assertThat(codec.decode(sameChain).error()).isPresent();
  }

  @Test
  void shouldRoundTripStatusEvent() {
    StatusEventCodec codec = new StatusEventCodec();
    StatusEvent event = WireSamples.status();

    assertThat(codec.decode(codec.encode(event)).orElseThrow()).isEqualTo(event);
  }

  @Test
  void shouldRoundTripSingleRequestKeyedByDeposit() {
    SingleRequestCodec codec = new SingleRequestCodec();
    SingleRequest request = WireSamples.singleRequest();

    assertThat(codec.decode(codec.encode(request)).orElseThrow()).isEqualTo(request);
    assertThat(codec.key(request)).isEqualTo(request.depositId().value().bytes());
  }

  @Test
  void singleRequestWithoutReasonOrDepositIsRefusedNamingTheField() {
    byte[] noReason =
        io.tbridge.core.wire.proto.SingleRequestMsg.newBuilder()
            .setSchemaVersion(1)
            .setDepositId(
                com.google.protobuf.ByteString.copyFrom(
                    WireSamples.singleRequest().depositId().value().bytes()))
            .setDstChainId(5)
            .setAtEpochMillis(1)
            .build()
            .toByteArray();
    byte[] noDeposit =
        io.tbridge.core.wire.proto.SingleRequestMsg.newBuilder()
            .setSchemaVersion(1)
            .setDstChainId(5)
            .setAtEpochMillis(1)
            .setReason("x")
            .build()
            .toByteArray();

    assertThat(new SingleRequestCodec().decode(noReason).error().orElseThrow().detail())
        .contains("reason");
    assertThat(new SingleRequestCodec().decode(noDeposit).error().orElseThrow().detail())
        .contains("deposit_id");
    assertThat(
            SingleRequest.of(
                    WireSamples.singleRequest().depositId(),
                    ChainId.of(5),
                    java.time.Instant.EPOCH,
                    "x".repeat(1000))
                .reason())
        .hasSize(SingleRequest.MAX_REASON_CHARS);
  }

  @Test
  void shouldRoundTripDeadLetterWithOriginalBytes() {
    DeadLetterCodec codec = new DeadLetterCodec();
    DeadLetter letter = WireSamples.deadLetter();

    DeadLetter decoded = codec.decode(codec.encode(letter)).orElseThrow();

    assertThat(decoded).isEqualTo(letter);
    assertThat(decoded.originalValue().toByteArray()).containsExactly(8, 9);
    assertThat(codec.key(letter)).containsExactly(1, 2, 3);
    assertThat(DeadLetterCodec.topicFor("bridge.signed.v1")).isEqualTo("bridge.signed.v1.dlq");
  }

  @Test
  void shouldKeepTombstoneAsEmptyValueInDeadLetter() {
    ObservedLockCodec locks = new ObservedLockCodec();
    DecodeError error = locks.decode(null).error().orElseThrow();
    DeadLetter letter =
        DeadLetter.of("bridge.locks.v1", null, null, error, java.time.Instant.ofEpochSecond(1, 7));

    assertThat(letter.originalKey()).isEmpty();
    assertThat(letter.originalValue().isEmpty()).isTrue();
    assertThat(letter.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(new DeadLetterCodec().decode(new DeadLetterCodec().encode(letter)).orElseThrow())
        .isEqualTo(letter);
  }
}
