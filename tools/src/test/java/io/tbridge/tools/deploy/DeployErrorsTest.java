package io.tbridge.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.contracts.TestToken;
import io.tbridge.core.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;

/**
 * Bad input and unreachable chains: one line naming the item, a non-zero exit, the key never
 * printed, nothing deployed before every chain was checked, and the output file untouched.
 */
class DeployErrorsTest {

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

  private static void assertOneLineFailure(Devnet.Run run, String... parts) {
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("deploy: ").contains(parts);
  }

  private void editPlan(String from, String to) {
    String plan = Devnet.read(net.plan);
    assertThat(plan).contains(from);
    Devnet.write(net.plan, plan.replaceFirst(java.util.regex.Pattern.quote(from), to));
  }

  @Test
  void shouldRefuseAWrongChainIdBeforeDeployingAnything() {
    net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 999);

    Devnet.Run run = net.deploy();

    assertOneLineFailure(
        run, "chain chain-b: RPC " + net.b.url() + " reports chain id 31338, the plan says 999");
    assertThat(net.out).doesNotExist();
    assertThat(net.nonce(net.a)).isZero(); // chain-a was checked, nothing sent
  }

  @Test
  void shouldNameAnUnreachableRpc() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    net.writePlan(
        Devnet.GROUP.getAddress(), 0, "http://127.0.0.1:" + port + "/secret-api-key", 31338);

    Devnet.Run run = net.deploy();

    assertOneLineFailure(run, "chain chain-a: RPC http://127.0.0.1:" + port + " does not answer");
    assertThat(run.err()).doesNotContain("secret-api-key");
    assertThat(net.out).doesNotExist();
  }

  @Test
  void shouldNameAMissingKeyFile() throws IOException {
    Files.delete(net.keyFile);

    Devnet.Run run = net.deploy();

    assertOneLineFailure(
        run, "chain chain-a: deployer-key-file " + net.keyFile + " does not exist");
    assertThat(net.out).doesNotExist();
  }

  @Test
  void shouldNotEchoAKeyFileThatHoldsNoKey() {
    Devnet.write(net.keyFile, "oops " + Devnet.KEY_HEX + "\n");

    Devnet.Run run = net.deploy();

    assertOneLineFailure(run, "does not hold a 32-byte hex private key");
  }

  @Test
  void shouldNameAnUnknownChainInARoute() {
    editPlan("to: chain-b.TST", "to: chain-c.TST");

    assertOneLineFailure(net.deploy(), "routes[0].to: unknown chain 'chain-c'");
    assertThat(net.out).doesNotExist();
  }

  @Test
  void shouldNameAnUnknownTokenInARoute() {
    editPlan("to: chain-a.TST", "to: chain-a.USDC");

    assertOneLineFailure(net.deploy(), "routes[1].to: unknown token chain-a.USDC");
  }

  @Test
  void shouldNameAnUnknownTrustedSource() {
    editPlan("trusts: chain-a", "trusts: chain-x");

    assertOneLineFailure(net.deploy(), "trusted-sources[0].trusts: unknown chain 'chain-x'");
  }

  @Test
  void shouldNameAMistypedKey() {
    editPlan("rpc-url:", "rpc-ur:");

    assertOneLineFailure(net.deploy(), "unknown key 'rpc-ur' at chains.chain-a");
  }

  @Test
  void shouldLeaveThePreviousOutputUntouchedWhenARerunFails() {
    assertThat(net.deploy().code()).isZero();
    String before = Devnet.read(net.out);
    net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 999);

    assertOneLineFailure(
        net.deploy(), "records chain chain-b with chain id 31338 but the plan says 999");
    assertThat(Devnet.read(net.out)).isEqualTo(before);

    // An endpoint that does not answer on the re-run: the same, nothing half-written.
    net.writePlan(Devnet.GROUP.getAddress(), 0, "http://127.0.0.1:1", 31338);
    assertOneLineFailure(net.deploy(), "chain chain-a: RPC http://127.0.0.1:1 does not answer");
    assertThat(Devnet.read(net.out)).isEqualTo(before);
  }

  @Test
  void shouldRefuseARecordedBridgeWithoutCodeInsteadOfDeployingAgain() {
    String fresh = net.a.snapshot();
    assertThat(net.deploy().code()).isZero();
    String before = Devnet.read(net.out);
    net.a.revert(fresh); // chain-a "reset" under the recorded deployment

    Devnet.Run run = net.deploy();

    assertOneLineFailure(
        run, "chain chain-a: recorded bridge", "has no code (was the chain reset?)");
    assertThat(Devnet.read(net.out)).isEqualTo(before);
    assertThat(net.nonce(net.a)).isZero();
  }

  @Test
  void shouldNameTheRevertWhenTheDeployerIsNotTheAdminOfAnAdoptedBridge() {
    try (BridgeFixture other = BridgeFixture.deploy(net.a, Address.of(Devnet.GROUP.getAddress()))) {
      net.bridgeA = "      address: \"" + other.bridge() + "\"\n";
      net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 31338);

      Devnet.Run run = net.deploy();

      assertOneLineFailure(
          run,
          "chain chain-a: the deployer "
              + Address.of(net.deployer.getAddress())
              + " is not the admin of bridge "
              + other.bridge());
      Deployment d = Deployment.read(net.out).orElseThrow();
      assertThat(d.verified()).isFalse();
      assertThat(d.chain("chain-a").orElseThrow().bridge()).isEqualTo(other.bridge().toString());
      assertThat(d.chain("chain-a").orElseThrow().deployBlock()).isZero();
    }
  }

  @Test
  void shouldNameTheErrorOfACallThatWouldRevertBeforeSendingIt() throws Exception {
    Web3j wb = Devnet.web3j(net.b);
    String plain;
    try {
      plain =
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
    // BURN_MINT needs a BridgedToken of this bridge; a plain ERC-20 makes configureToken revert.
    net.extraTokensB =
        """
              USDC:
                address: "%s"
                mode: BURN_MINT
                max-per-transfer: 1000e6
                daily-cap: 1000000e6
        """
            .formatted(plain);
    net.writePlan(Devnet.GROUP.getAddress(), 0, net.a.url().toString(), 31338);

    Devnet.Run run = net.deploy();

    assertOneLineFailure(
        run, "chain chain-b: configureToken USDC: would revert: NotMintableByBridge");
    // Deployed and configured up to that call, which was never sent.
    assertThat(run.out())
        .contains("chain-b: configureToken TST")
        .doesNotContain("configureToken USDC");
  }
}
