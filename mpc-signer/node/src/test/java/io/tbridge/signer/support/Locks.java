package io.tbridge.signer.support;

import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.rpc.RpcLog;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/**
 * Real locks on a fixture bridge, their hints on Kafka, and the signed releases that answer them.
 */
public final class Locks {
  private Locks() {}

  /**
   * Locks {@code amount} for {@code recipient} to {@code dstChain}; returns the lock as the chain
   * has it.
   */
  public static LockEvent lock(
      TestAnvil anvil, BridgeFixture bridge, BigInteger amount, Address recipient, long dstChain) {
    String tx = bridge.lock(amount, recipient, dstChain).getTransactionHash();
    var receipt = Chains.eth(anvil.url()).receiptLogs(Hash32.of(tx)).orElseThrow();
    RpcLog log =
        receipt.logs().stream()
            .filter(l -> l.topics().get(0).equals(LockedEventDecoder.TOPIC))
            .findFirst()
            .orElseThrow();
    return LockedEventDecoder.decode(ChainId.of(anvil.chainId()), bridge.bridge(), log);
  }

  /** Publishes {@code hint} on {@code topic} as the relayer would. */
  public static void publish(String bootstrap, String topic, LockEvent hint) {
    ObservedLockCodec c = new ObservedLockCodec();
    KafkaTopics.write(bootstrap, topic, c.key(hint), c.encode(hint));
  }

  /**
   * Signed releases on {@code signed} that pay out {@code id}, waiting for {@code count} of them.
   */
  public static List<SignedRelease> signedFor(
      TopicTail signed, DepositId id, int count, Duration timeout) throws InterruptedException {
    SignedReleaseCodec codec = new SignedReleaseCodec();
    return signed
        .await(
            r ->
                codec
                    .decode(r.value())
                    .value()
                    .map(s -> s.payload().depositIds().contains(id))
                    .orElse(false),
            count,
            timeout)
        .stream()
        .map(r -> codec.decode(r.value()).value().orElseThrow())
        .toList();
  }

  /** Sends the signed single release {@code s} to {@code dst}'s bridge (throws if it reverts). */
  public static void release(BridgeFixture dst, SignedRelease s) throws Exception {
    io.tbridge.core.Release r = (io.tbridge.core.Release) s.payload();
    dst.contract()
        .release(
            new io.tbridge.contracts.Bridge.Release(
                r.srcChainId().toBigInteger(),
                r.srcBridge().toLowerHex(),
                r.nonce(),
                r.token().toLowerHex(),
                r.recipient().toLowerHex(),
                r.amount()),
            s.signature().toBytes())
        .send();
  }
}
