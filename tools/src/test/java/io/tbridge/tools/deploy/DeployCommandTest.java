package io.tbridge.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.deploy.DeployedBridges;
import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.contracts.Bridge;
import io.tbridge.contracts.BridgedToken;
import io.tbridge.contracts.TestToken;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** {@code ./tbridge deploy} on two real anvil chains: the devnet's plan, re-runs and rotation. */
class DeployCommandTest {

  private static final BigInteger E18 = BigInteger.TEN.pow(18);

  @TempDir Path dir;
  private Devnet net;

  @BeforeEach
  void start() {
    net = new Devnet(dir);
  }

  @AfterEach
  void stop() {
    net.close();
  }

  @Test
  void shouldDeployThePlanReadItBackAndCarryARealLockAndRelease() throws Exception {
    Devnet.Run run = net.deploy();
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();

    Deployment d = Deployment.read(net.out).orElseThrow();
    assertThat(d.verified()).isTrue();
    assertThat(d.groupSigner()).isEqualTo(Address.of(Devnet.GROUP.getAddress()).toString());
    ChainRecord ra = d.chain("chain-a").orElseThrow();
    ChainRecord rb = d.chain("chain-b").orElseThrow();
    assertThat(ra.chainId()).isEqualTo(31337);
    assertThat(rb.chainId()).isEqualTo(31338);
    assertThat(ra.rpcUrl()).isEqualTo(net.a.url().toString());
    assertThat(ra.deployBlock()).isPositive();
    String tstA = ra.tokens().get("TST");
    String tstB = rb.tokens().get("TST");
    // What the relayer and the signer node read from this output (their deployment-file).
    DeployedBridges services =
        DeployedBridges.of("relayer.deployment-file", Optional.of(net.out.toString()));
    assertThat(
            services.bridge(
                "relayer.chains.chain-b", "chain-b", ChainId.of(31338), Optional.empty()))
        .isEqualTo(Address.of(rb.bridge()));

    Web3j wa = Devnet.web3j(net.a);
    Web3j wb = Devnet.web3j(net.b);
    try {
      Bridge ba = Bridge.load(ra.bridge(), wa, Devnet.tm(wa, net.a, net.deployer), Devnet.gas());
      Bridge bb = Bridge.load(rb.bridge(), wb, Devnet.tm(wb, net.b, net.deployer), Devnet.gas());
      // What the plan asked for, through the Bridge's own views.
      assertThat(Address.of(ba.groupSigner().send()))
          .isEqualTo(Address.of(Devnet.GROUP.getAddress()));
      assertThat(Address.of(bb.groupSigner().send()))
          .isEqualTo(Address.of(Devnet.GROUP.getAddress()));
      var routeAb = ba.route(tstA, BigInteger.valueOf(31338)).send();
      assertThat(Address.of(routeAb.component1())).isEqualTo(Address.of(tstB));
      assertThat(routeAb.component2()).isEqualTo(BigInteger.ONE); // LOCK_RELEASE
      assertThat(routeAb.component4()).isEqualTo(BigInteger.valueOf(18));
      var routeBa = bb.route(tstB, BigInteger.valueOf(31337)).send();
      assertThat(Address.of(routeBa.component1())).isEqualTo(Address.of(tstA));
      assertThat(routeBa.component2()).isEqualTo(BigInteger.TWO); // BURN_MINT
      assertThat(bb.isTrustedSource(BigInteger.valueOf(31337), ra.bridge()).send()).isTrue();
      assertThat(ba.isTrustedSource(BigInteger.valueOf(31338), rb.bridge()).send()).isTrue();
      var cfg = ba.tokenConfig(tstA).send();
      assertThat(cfg.component2()).isTrue();
      assertThat(cfg.component4()).isEqualTo(E18.multiply(BigInteger.valueOf(1000)));
      // The contract keeps the daily cap in 2^31 quanta: 1e24 is stored rounded down to one.
      BigInteger daily = E18.multiply(BigInteger.valueOf(1_000_000));
      assertThat(cfg.component5())
          .isEqualTo(BridgeSettings.effectiveDailyCap(daily))
          .isLessThanOrEqualTo(daily)
          .isGreaterThan(daily.subtract(daily.shiftRight(30)));
      assertThat(
              Address.of(
                  BridgedToken.load(tstB, wb, Devnet.tm(wb, net.b, net.deployer), Devnet.gas())
                      .bridge()
                      .send()))
          .isEqualTo(Address.of(rb.bridge()));

      // A real lock on chain A is accepted by the deployed bridge...
      TestToken token = TestToken.load(tstA, wa, Devnet.tm(wa, net.a, net.deployer), Devnet.gas());
      String me = net.deployer.getAddress();
      token.mint(me, E18.multiply(BigInteger.TEN)).send();
      token.approve(ra.bridge(), E18.multiply(BigInteger.TEN)).send();
      TransactionReceipt lock =
          ba.lock(tstA, E18.multiply(BigInteger.TWO), BigInteger.valueOf(31338), me).send();
      assertThat(lock.isStatusOK()).isTrue();
      List<Bridge.LockedEventResponse> locked = Bridge.getLockedEvents(lock);
      assertThat(locked).hasSize(1);
      assertThat(Address.of(locked.get(0).dstToken)).isEqualTo(Address.of(tstB));

      // ...and its release, signed by the group signer, is paid on chain B (trust, signer, mode).
      Bridge.Release r =
          new Bridge.Release(
              BigInteger.valueOf(31337),
              ra.bridge(),
              locked.get(0).nonce,
              tstB,
              me,
              locked.get(0).amount);
      byte[] digest = bb.hashRelease(r).send();
      Sign.SignatureData sd = Sign.signMessage(digest, Devnet.GROUP.getEcKeyPair(), false);
      byte[] sig = new byte[65];
      System.arraycopy(sd.getR(), 0, sig, 0, 32);
      System.arraycopy(sd.getS(), 0, sig, 32, 32);
      sig[64] = sd.getV()[0];
      assertThat(bb.release(r, sig).send().isStatusOK()).isTrue();
      BridgedToken bt =
          BridgedToken.load(tstB, wb, Devnet.tm(wb, net.b, net.deployer), Devnet.gas());
      assertThat(bt.balanceOf(me).send()).isEqualTo(E18.multiply(BigInteger.TWO));
    } finally {
      wa.shutdown();
      wb.shutdown();
    }
  }

  @Test
  void shouldReuseTheRecordedContractsAndSendNothingOnARerun() throws Exception {
    Files.setPosixFilePermissions(net.keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    Devnet.Run initial = net.deploy();
    assertThat(initial.code()).isZero();
    assertThat(initial.out())
        .contains("chain-a: WARN deployer-key-file " + net.keyFile + " is readable by other users");
    Files.setPosixFilePermissions(net.keyFile, PosixFilePermissions.fromString("r--------"));
    String first = Devnet.read(net.out);
    long nonceA = net.nonce(net.a);
    long nonceB = net.nonce(net.b);

    Devnet.Run again = net.deploy();

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).doesNotContain("WARN");
    assertThat(again.out()).doesNotContain("deployed").contains("reusing Bridge").contains("0 of ");
    assertThat(net.nonce(net.a)).isEqualTo(nonceA);
    assertThat(net.nonce(net.b)).isEqualTo(nonceB);
    assertThat(Devnet.read(net.out)).isEqualTo(first);
  }

  @Test
  void shouldSendOnlyTheCallsWhoseReadBackDiffers() throws Exception {
    assertThat(net.deploy().code()).isZero();
    Deployment d = Deployment.read(net.out).orElseThrow();
    ChainRecord ra = d.chain("chain-a").orElseThrow();
    // Someone lowered chain-a's caps by hand, and the plan now asks for a fee.
    Web3j wa = Devnet.web3j(net.a);
    try {
      Bridge ba = Bridge.load(ra.bridge(), wa, Devnet.tm(wa, net.a, net.deployer), Devnet.gas());
      ba.setTokenCaps(ra.tokens().get("TST"), BigInteger.ONE, BigInteger.ONE).send();
      net.writePlan(Devnet.GROUP.getAddress(), 25, net.a.url().toString(), 31338);
      long nonceA = net.nonce(net.a);
      long nonceB = net.nonce(net.b);

      Devnet.Run run = net.deploy();

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).contains("setTokenCaps TST").contains("setFee 25").contains("2 of ");
      assertThat(net.nonce(net.a)).isEqualTo(nonceA + 2);
      assertThat(net.nonce(net.b)).isEqualTo(nonceB);
      assertThat(ba.feeBps().send()).isEqualTo(BigInteger.valueOf(25));
      assertThat(ba.tokenConfig(ra.tokens().get("TST")).send().component4())
          .isEqualTo(E18.multiply(BigInteger.valueOf(1000)));
    } finally {
      wa.shutdown();
    }
  }

  @Test
  void shouldRotateTheGroupSignerThroughTheTimelockWhenThePlanChangesIt() throws Exception {
    assertThat(net.deploy().code()).isZero();
    String next = "0x00000000000000000000000000000000000000bb";
    net.writePlan(next, 0, net.a.url().toString(), 31338);

    Devnet.Run run = net.deploy();

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("scheduleGroupSignerRotation")
        .contains("executeGroupSignerRotation");
    Deployment d = Deployment.read(net.out).orElseThrow();
    assertThat(d.groupSigner()).isEqualTo(Address.of(next).toString());
    Web3j wb = Devnet.web3j(net.b);
    try {
      Bridge bb =
          Bridge.load(
              d.chain("chain-b").orElseThrow().bridge(),
              wb,
              Devnet.tm(wb, net.b, net.deployer),
              Devnet.gas());
      assertThat(Address.of(bb.groupSigner().send())).isEqualTo(Address.of(next));
    } finally {
      wb.shutdown();
    }
  }

  @Test
  void shouldRecordWhatItDeployedWhenARunFailsHalfwayAndReuseItAfterwards() throws Exception {
    Web3j wb = Devnet.web3j(net.b);
    String usdc;
    try {
      usdc =
          TestToken.deploy(
                  wb,
                  Devnet.tm(wb, net.b, net.deployer),
                  Devnet.gas(),
                  "USD",
                  "USDC",
                  BigInteger.valueOf(6))
              .send()
              .getContractAddress();
    } finally {
      wb.shutdown();
    }
    String usdcPlan =
        """
              USDC:
                address: "%s"
                decimals: %d
                max-per-transfer: 1000e6
                daily-cap: 1000000e6
        """;
    net.extraTokensB = usdcPlan.formatted(usdc, 18);
    net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 31338);

    Devnet.Run failed = net.deploy();

    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err())
        .contains("chain chain-b: token USDC at", "reports 6 decimals, the plan says 18");
    Deployment partial = Deployment.read(net.out).orElseThrow();
    assertThat(partial.verified()).isFalse();
    assertThat(partial.chain("chain-a").orElseThrow().tokens()).containsKey("TST");
    assertThat(partial.chain("chain-b").orElseThrow().tokens()).containsKey("TST");

    net.extraTokensB = usdcPlan.formatted(usdc, 6);
    net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 31338);
    Devnet.Run fixed = net.deploy();

    assertThat(fixed.code()).as(fixed.err()).isZero();
    assertThat(fixed.out()).doesNotContain("deployed").contains("configureToken USDC");
    Deployment d = Deployment.read(net.out).orElseThrow();
    assertThat(d.verified()).isTrue();
    ChainRecord rb = d.chain("chain-b").orElseThrow();
    assertThat(rb.bridge()).isEqualTo(partial.chain("chain-b").orElseThrow().bridge());
    assertThat(rb.tokens()).containsEntry("USDC", Address.of(usdc).toString());
    assertThat(rb.tokens().get("TST"))
        .isEqualTo(partial.chain("chain-b").orElseThrow().tokens().get("TST"));
  }

  @Test
  void shouldRefuseRotatingBackToARetiredGroupSignerWithAClearError() {
    assertThat(net.deploy().code()).isZero();
    net.writePlan("0x00000000000000000000000000000000000000bb", 0, net.a.url().toString(), 31338);
    assertThat(net.deploy().code()).isZero();
    net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 31338);

    Devnet.Run back = net.deploy();

    assertThat(back.code()).isEqualTo(1);
    assertThat(back.err())
        .contains("chain chain-a: group signer " + Address.of(Devnet.GROUP.getAddress()))
        .contains("is retired on this bridge");
    assertThat(back.out()).doesNotContain("scheduleGroupSignerRotation");
    assertThat(Deployment.read(net.out).orElseThrow().groupSigner())
        .isEqualTo(Address.of("0x00000000000000000000000000000000000000bb").toString());
  }

  @Test
  void shouldLeaveALongerTimelockScheduledAndExecuteItOnARerun() {
    assertThat(net.deploy().code()).isZero();
    String next = "0x00000000000000000000000000000000000000cc";
    net.writePlan(next, 0, net.a.url().toString(), 31338);

    Devnet.Run scheduled = net.deploy("--max-timelock-wait=PT0S");

    assertThat(scheduled.code()).isEqualTo(1);
    assertThat(scheduled.err())
        .contains("chain chain-a: group signer rotation to " + Address.of(next))
        .contains("is scheduled (timelock); it is executable from");
    assertThat(Deployment.read(net.out).orElseThrow().groupSigner())
        .isEqualTo(Address.of(Devnet.GROUP.getAddress()).toString()); // the old output stands

    Devnet.Run executed = net.deploy();

    assertThat(executed.code()).as(executed.err()).isZero();
    // chain-a's rotation was scheduled by the first run: only chain-b schedules now.
    assertThat(executed.out().lines().filter(l -> l.contains("scheduleGroupSignerRotation")))
        .hasSize(1)
        .allMatch(l -> l.startsWith("chain-b:"));
    assertThat(executed.out().lines().filter(l -> l.contains("executeGroupSignerRotation")))
        .hasSize(2);
    assertThat(Deployment.read(net.out).orElseThrow().groupSigner())
        .isEqualTo(Address.of(next).toString());
  }
}
