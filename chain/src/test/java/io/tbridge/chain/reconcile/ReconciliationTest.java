package io.tbridge.chain.reconcile;

import static io.tbridge.chain.testing.TwoBridges.A;
import static io.tbridge.chain.testing.TwoBridges.B;
import static io.tbridge.chain.testing.TwoBridges.netOfFee;
import static io.tbridge.chain.testing.TwoBridges.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.testing.TwoBridges;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reconciliation of two real anvil chains' bridges from their events. */
class ReconciliationTest {

  private TwoBridges chains;

  @BeforeEach
  void start() throws Exception {
    chains = new TwoBridges();
  }

  @AfterEach
  void stop() {
    chains.close();
  }

  @Test
  @DisplayName("a clean two-way history reconciles with no finding and the right sums")
  void cleanTwoWayHistory() throws Exception {
    long[] amounts = {10_000, 20_000, 30_000};
    BigInteger net = BigInteger.ZERO;
    for (long amount : amounts) {
      BigInteger nonce = chains.lockOnA(amount);
      chains.releaseOnB(nonce, netOfFee(amount));
      net = net.add(netOfFee(amount));
    }
    BigInteger locked = net;
    BigInteger back = chains.lockOnB(5_000);
    chains.releaseOnA(back, BigInteger.valueOf(5_000));
    chains.finalizeAll();

    ReconcileReport report = chains.reconcile();

    assertThat(report.findings()).isEmpty();
    RouteTotals ab = route(report, A);
    assertThat(ab.srcToken()).isEqualTo(chains.a.token());
    assertThat(ab.dstToken()).isEqualTo(chains.wrapped);
    assertThat(ab.locks()).isEqualTo(3);
    assertThat(ab.lockedNet()).as("received - fee, source units").isEqualTo(net);
    assertThat(ab.lockedDst()).isEqualTo(net);
    assertThat(ab.released()).isEqualTo(3);
    assertThat(ab.releasedDst()).isEqualTo(net);
    assertThat(ab.pending()).isZero();
    RouteTotals ba = route(report, B);
    assertThat(ba.locks()).isEqualTo(1);
    assertThat(ba.released()).isEqualTo(1);
    assertThat(ba.releasedDst()).isEqualTo(5_000);
    assertThat(report.custody())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.token()).isEqualTo(chains.a.token());
              assertThat(c.owed()).isEqualTo(locked.subtract(BigInteger.valueOf(5_000)));
              assertThat(c.balance()).as("nothing else sent tokens").isEqualTo(c.owed());
            });
  }

  @Test
  @DisplayName("a validly signed release of a nonce never locked is a release without a lock")
  void forgedReleaseIsReported() throws Exception {
    BigInteger nonce = chains.lockOnA(10_000);
    chains.releaseOnB(nonce, netOfFee(10_000));
    // What a stolen group key makes: a well-formed release of a deposit that does not exist.
    chains.releaseOnB(BigInteger.valueOf(77), BigInteger.valueOf(1_000_000));
    chains.finalizeAll();

    ReconcileReport report = chains.reconcile();

    assertThat(report.findings())
        .anySatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.CRITICAL);
              assertThat(f.text()).contains("nonce 77").contains("has no lock");
            })
        .anySatisfy(
            f ->
                assertThat(f.text())
                    .as("the minted supply is not backed")
                    .contains("supply")
                    .contains("exceeds the custody"));
    assertThat(route(report, A).released()).as("only the real one joins its lock").isEqualTo(1);
  }

  @Test
  @DisplayName("locks not yet released are pending, not findings")
  void pendingDepositsAreCounted() throws Exception {
    BigInteger first = chains.lockOnA(10_000);
    chains.lockOnA(20_000);
    chains.lockOnA(40_000);
    chains.releaseOnB(first, netOfFee(10_000));
    chains.finalizeAll();

    ReconcileReport report = chains.reconcile();

    assertThat(report.findings()).isEmpty();
    RouteTotals ab = route(report, A);
    assertThat(ab.locks()).isEqualTo(3);
    assertThat(ab.released()).isEqualTo(1);
    assertThat(ab.pending()).isEqualTo(2);
    assertThat(ab.pendingDst()).isEqualTo(netOfFee(20_000).add(netOfFee(40_000)));
  }

  @Test
  @DisplayName("a void on the destination and a refund on the source are counted, not findings")
  void voidAndRefundRound() throws Exception {
    BigInteger paid = chains.lockOnA(10_000);
    chains.releaseOnB(paid, netOfFee(10_000));
    BigInteger stuck = chains.lockOnA(20_000);
    chains.voidOnB(stuck);
    chains.refundOnA(stuck, netOfFee(20_000));
    chains.finalizeAll();

    ReconcileReport report = chains.reconcile();

    assertThat(report.findings()).isEmpty();
    RouteTotals ab = route(report, A);
    assertThat(ab.locks()).isEqualTo(2);
    assertThat(ab.released()).isEqualTo(1);
    assertThat(ab.voided()).isEqualTo(1);
    assertThat(ab.refunded()).isEqualTo(1);
    assertThat(ab.refundedSrc()).isEqualTo(netOfFee(20_000));
    assertThat(ab.pending()).isZero();
    assertThat(report.custody())
        .singleElement()
        .satisfies(c -> assertThat(c.owed()).isEqualTo(netOfFee(10_000)));
  }

  @Test
  @DisplayName("a refund of a deposit its destination never voided is critical")
  void refundWithoutVoidIsReported() throws Exception {
    BigInteger nonce = chains.lockOnA(20_000);
    chains.refundOnA(nonce, netOfFee(20_000));
    chains.finalizeAll();

    ReconcileReport report = chains.reconcile();

    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.CRITICAL);
              assertThat(f.text()).contains("nonce " + nonce).contains("has no DepositVoided");
            });
  }
}
