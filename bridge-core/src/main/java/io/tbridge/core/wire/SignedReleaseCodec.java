package io.tbridge.core.wire;

import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.eip712.Eip712Domain;
import io.tbridge.core.wire.proto.ReleaseBatchMsg;
import io.tbridge.core.wire.proto.ReleaseMsg;
import io.tbridge.core.wire.proto.SignedReleaseMsg;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Codec of {@code bridge.signed.v1}: a {@link SignedRelease} keyed by deposit or batch id. */
public final class SignedReleaseCodec implements WireCodec<SignedRelease> {
  /** Schema version written and read. */
  public static final int SCHEMA_VERSION = 1;

  /** Default topic name. */
  public static final String TOPIC = "bridge.signed.v1";

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  @Override
  public String defaultTopic() {
    return TOPIC;
  }

  @Override
  public byte[] key(SignedRelease value) {
    return value.key().bytes();
  }

  @Override
  public byte[] encode(SignedRelease value) {
    Objects.requireNonNull(value, "value");
    SignedReleaseMsg.Builder msg =
        SignedReleaseMsg.newBuilder()
            .setSchemaVersion(SCHEMA_VERSION)
            .setDstChainId(value.destination().chainId().value())
            .setDstBridge(Decoding.bytes(value.destination().verifyingContract()))
            .setSignature(com.google.protobuf.ByteString.copyFrom(value.signature().toBytes()))
            .addAllSignerSet(value.signers().parties());
    if (value.payload() instanceof Release release) {
      msg.setSingle(Decoding.release(release));
    } else {
      ReleaseBatchMsg.Builder batch = ReleaseBatchMsg.newBuilder();
      for (Release release : ((ReleaseBatch) value.payload()).releases()) {
        batch.addReleases(Decoding.release(release));
      }
      msg.setBatch(batch);
    }
    return msg.build().toByteArray();
  }

  @Override
  public DecodeResult<SignedRelease> decode(byte[] bytes) {
    return Decoding.run(bytes, SCHEMA_VERSION, raw -> fromMessage(SignedReleaseMsg.parseFrom(raw)));
  }

  private static SignedRelease fromMessage(SignedReleaseMsg m) {
    Eip712Domain destination =
        Eip712Domain.of(
            Decoding.chainId(m.hasDstChainId(), m.getDstChainId(), "dst_chain_id"),
            Decoding.address(m.hasDstBridge(), m.getDstBridge(), "dst_bridge"));
    ReleasePayload payload;
    switch (m.getPayloadCase()) {
      case SINGLE -> payload = Decoding.release(m.getSingle(), "single");
      case BATCH -> {
        List<ReleaseMsg> members = m.getBatch().getReleasesList();
        if (members.isEmpty() || members.size() > ReleaseBatch.MAX_RELEASES) {
          throw Decoding.reject(
              RejectReason.OUT_OF_RANGE,
              "batch must hold 1 to " + ReleaseBatch.MAX_RELEASES + " releases");
        }
        List<Release> releases = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
          releases.add(Decoding.release(members.get(i), "batch.releases[" + i + "]"));
        }
        payload = ReleaseBatch.of(destination.chainId(), releases);
      }
      default -> throw Decoding.reject(RejectReason.MISSING_FIELD, "payload is missing");
    }
    return new SignedRelease(
        destination,
        payload,
        Decoding.signature(m.hasSignature(), m.getSignature()),
        Decoding.signerSet(m.getSignerSetList()));
  }
}
