package io.tbridge.core.wire;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Keccak256;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.Samples;
import io.tbridge.core.Signature65;
import io.tbridge.core.SignerSet;
import io.tbridge.core.eip712.Eip712Domain;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/** Valid sample messages of every topic. */
final class WireSamples {
  static final Eip712Domain DESTINATION = Eip712Domain.of(ChainId.of(31338), Samples.address(50));
  private static final ECKeyPair GROUP_KEY = ECKeyPair.create(BigInteger.valueOf(123456789));

  private WireSamples() {}

  static Signature65 signature(Hash32 digest) {
    Sign.SignatureData sig = Sign.signMessage(digest.bytes(), GROUP_KEY, false);
    return Signature65.of(
        new BigInteger(1, sig.getR()), new BigInteger(1, sig.getS()), sig.getV()[0] & 0xff);
  }

  static SignedRelease single() {
    Release release = Release.fromLock(Samples.lock(1));
    Hash32 digest = io.tbridge.core.eip712.BridgeEip712.digest(DESTINATION, release);
    return new SignedRelease(DESTINATION, release, signature(digest), SignerSet.of(1, 3));
  }

  static SignedRelease batch() {
    ReleaseBatch batch = ReleaseBatch.fromLocks(List.of(Samples.lock(1), Samples.lock(2)));
    Hash32 digest = io.tbridge.core.eip712.BridgeEip712.digest(DESTINATION, batch);
    return new SignedRelease(DESTINATION, batch, signature(digest), SignerSet.of(2, 3));
  }

  static final Eip712Domain SOURCE = Eip712Domain.of(ChainId.of(31337), Samples.address(40));

  static SignedRefund refund() {
    io.tbridge.core.Refund refund =
        new io.tbridge.core.Refund(
            ChainId.of(31338),
            Samples.address(50),
            BigInteger.valueOf(7),
            Samples.address(41),
            Samples.address(42),
            BigInteger.valueOf(999_000));
    Hash32 digest = io.tbridge.core.eip712.BridgeEip712.digest(SOURCE, refund);
    return new SignedRefund(SOURCE, refund, signature(digest), SignerSet.of(1, 2));
  }

  static StatusEvent status() {
    return new StatusEvent(
        Samples.lock(1).depositId(),
        DepositStage.RELEASED,
        Instant.ofEpochMilli(1_795_625_372_123L),
        Optional.of(ChainId.of(31338)),
        Optional.of(Samples.hash(9)),
        Optional.of("released in block 42"));
  }

  static SingleRequest singleRequest() {
    return new SingleRequest(
        Samples.lock(1).depositId(),
        ChainId.of(31338),
        Instant.ofEpochMilli(1_795_625_372_456L),
        "SafeERC20FailedOperation");
  }

  static DeadLetter deadLetter() {
    return DeadLetter.of(
        ObservedLockCodec.TOPIC,
        new byte[] {1, 2, 3},
        new byte[] {8, 9},
        DecodeError.of(RejectReason.UNKNOWN_VERSION, "schema_version 9 is not 1"),
        Instant.ofEpochMilli(1_795_625_372_000L));
  }

  static Address address(int seed) {
    return Samples.address(seed);
  }

  static Hash32 hash(String text) {
    return Keccak256.hash(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
