package io.tbridge.signer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.contracts.Bridge;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Refund;
import io.tbridge.core.wire.SignedRefund;
import io.tbridge.core.wire.SignedRefundCodec;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.signer.support.Locks;
import io.tbridge.signer.support.SignerCluster;
import io.tbridge.signer.support.TopicTail;
import io.tbridge.tss.paillier.SecurityLevel;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Refunds of voided deposits on three real signer nodes (2-of-3), a real Kafka broker and two real
 * anvil chains: a deposit that was signed but can never be paid is voided on its destination behind
 * the admin timelock; every node finds the void on its own view, verifies the lock on the source,
 * and the quorum signs one refund, which pays the sender back once on the source.
 */
class SignerRefundTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Address SENDER = Address.of(BridgeFixture.ADMIN.getAddress());
  private static final long A = SignerCluster.A;
  private static final long B = SignerCluster.B;

  private static SignerCluster cluster;
  private static TopicTail refunds;

  @BeforeAll
  static void cluster() throws Exception {
    cluster = SignerCluster.start(SecurityLevel.TEST, 3, 2);
    // Chain A pays refunds only for voids of a bridge it trusts as a peer.
    cluster.bridgeA().trust(B, cluster.bridgeB().bridge());
    cluster.startAll(SignerCluster.timing(0, 0));
    refunds = new TopicTail(cluster.bootstrap(), cluster.prefix() + "refunds");
  }

  @AfterAll
  static void stop() throws Exception {
    if (refunds != null) {
      refunds.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<SignedRefund> refundsFor(DepositId id, int count, Duration timeout)
      throws InterruptedException {
    SignedRefundCodec codec = new SignedRefundCodec();
    return refunds
        .await(
            r -> codec.decode(r.value()).value().map(s -> s.depositId().equals(id)).orElse(false),
            count,
            timeout)
        .stream()
        .map(r -> codec.decode(r.value()).value().orElseThrow())
        .toList();
  }

  static void voidOnB(BigInteger nonce) throws Exception {
    Bridge b = cluster.bridgeB().contract();
    BigInteger src = BigInteger.valueOf(A);
    String srcBridge = cluster.bridgeA().bridge().toLowerHex();
    b.scheduleVoidDeposit(src, srcBridge, nonce).send();
    cluster.anvilB().call("evm_increaseTime", 5);
    b.voidDeposit(src, srcBridge, nonce).send();
  }

  static void refundOnA(SignedRefund s) throws Exception {
    Refund f = s.refund();
    cluster
        .bridgeA()
        .contract()
        .refund(
            new Bridge.Refund(
                f.dstChainId().toBigInteger(),
                f.dstBridge().toLowerHex(),
                f.nonce(),
                f.token().toLowerHex(),
                f.to().toLowerHex(),
                f.amount()),
            s.signature().toBytes())
        .send();
  }

  static void releaseOnB(SignedRelease s) throws Exception {
    Locks.release(cluster.bridgeB(), s);
  }

  static double refusals(int party, String reason) {
    var c =
        cluster
            .registry(party)
            .find("signer.refunds")
            .tag("outcome", "refused")
            .tag("reason", reason)
            .functionCounter();
    return c == null ? 0 : c.count();
  }

  @Test
  @DisplayName(
      "a signed deposit voided on its destination is refunded to its sender once, by a refund the"
          + " quorum signs from the lock it verified; its release can never pay; a void of a"
          + " deposit that was never locked is refused by every node")
  void aVoidedDepositIsRefundedOnceAndAVoidWithoutALockIsRefused() throws Exception {
    TestAnvil anvilA = cluster.anvilA();
    TestAnvil anvilB = cluster.anvilB();
    Address erin = Address.of("0x" + "e7".repeat(20));
    BigInteger amount = BigInteger.valueOf(700_000);
    LockEvent lock = cluster.lock(amount, erin);
    anvilA.mine(4);
    cluster.publish(lock);
    List<SignedRelease> signed = Locks.signedFor(cluster.signed(), lock.depositId(), 1, WAIT);
    assertThat(signed).as("the release was signed (and is never sent)").isNotEmpty();
    BigInteger before = cluster.bridgeA().balanceOf(SENDER);

    // First a void of a nonce never locked on A, then the real one, in later blocks.
    BigInteger never = lock.nonce().add(BigInteger.valueOf(1_000));
    voidOnB(never);
    voidOnB(lock.nonce());
    anvilB.mine(4);

    List<SignedRefund> got = refundsFor(lock.depositId(), 1, WAIT);
    assertThat(got).as("a signed refund of the voided deposit").isNotEmpty();
    SignedRefund refund = got.get(0);
    assertThat(refund.refund())
        .isEqualTo(
            new Refund(
                ChainId.of(B),
                cluster.bridgeB().bridge(),
                lock.nonce(),
                lock.srcToken(),
                SENDER,
                amount));
    assertThat(refund.signature().recoverSigner(refund.digest())).contains(cluster.group());
    assertThat(refund.signers().parties()).hasSize(2);

    refundOnA(refund);
    assertThat(cluster.bridgeA().balanceOf(SENDER)).isEqualTo(before.add(amount));
    assertThat(cluster.bridgeA().contract().isRefunded(lock.nonce()).send()).isTrue();
    assertThatThrownBy(() -> refundOnA(refund))
        .as("a refund pays once")
        .isInstanceOf(Exception.class);
    assertThatThrownBy(() -> releaseOnB(signed.get(0)))
        .as("the voided deposit's signed release can never pay")
        .isInstanceOf(Exception.class);
    assertThat(cluster.bridgeB().balanceOf(erin)).isZero();

    DepositId neverLocked = DepositId.of(ChainId.of(A), cluster.bridgeA().bridge(), never);
    Thread.sleep(2_000); // several searches after the real refund, were the other one signed
    assertThat(refundsFor(neverLocked, 1, Duration.ofSeconds(1))).isEmpty();
    for (int p = 1; p <= 3; p++) {
      assertThat(refusals(p, "NO_SUCH_LOCK")).as("node %d refused the lockless void", p).isOne();
    }
    // Every member publishes the one signature it helped make: one distinct refund signature.
    assertThat(
            refundsFor(lock.depositId(), 1, Duration.ofSeconds(1)).stream()
                .map(SignedRefund::signature)
                .distinct())
        .hasSize(1);
  }

  @Test
  @DisplayName(
      "a voided deposit whose lock no node has seen on Kafka is found by its nonce on the source,"
          + " verified and refunded")
  void aVoidedDepositNeverPublishedIsFoundByItsNonceAndRefunded() throws Exception {
    Address fay = Address.of("0x" + "fa".repeat(20));
    BigInteger amount = BigInteger.valueOf(55_000);
    LockEvent lock = cluster.lock(amount, fay); // never published: no node verified it before
    cluster.anvilA().mine(4);
    BigInteger before = cluster.bridgeA().balanceOf(SENDER);
    voidOnB(lock.nonce());
    cluster.anvilB().mine(4);

    List<SignedRefund> got = refundsFor(lock.depositId(), 1, WAIT);
    assertThat(got).isNotEmpty();
    assertThat(got.get(0).refund().to()).isEqualTo(SENDER);
    assertThat(got.get(0).refund().amount()).isEqualTo(amount);
    refundOnA(got.get(0));
    assertThat(cluster.bridgeA().balanceOf(SENDER)).isEqualTo(before.add(amount));
  }
}
