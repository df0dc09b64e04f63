package io.tbridge.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.tools.deploy.DeployPlan.Kind;
import io.tbridge.tools.deploy.DeployPlan.TokenPlan;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan file's parsing and validation (no chain needed). */
class DeployPlanTest {

  @TempDir Path dir;

  private DeployPlan read(String yaml) throws Exception {
    Path p = dir.resolve("plan.yaml");
    Files.writeString(p, yaml);
    return DeployPlan.read(p);
  }

  @Test
  void shouldReadTheExamplePlan() {
    DeployPlan p = DeployPlan.read(Path.of("../config/deploy/devnet.yaml"));

    assertThat(p.chains()).containsOnlyKeys("chain-a", "chain-b");
    TokenPlan a = p.token(TokenRef.parse("chain-a.TST"));
    TokenPlan b = p.token(TokenRef.parse("chain-b.TST"));
    assertThat(a.kind()).isEqualTo(Kind.TEST_TOKEN);
    assertThat(a.mode()).isEqualTo(1);
    assertThat(b.kind()).isEqualTo(Kind.BRIDGED_TOKEN);
    assertThat(b.mode()).isEqualTo(2);
    assertThat(a.maxPerTransfer()).isEqualTo(BigInteger.TEN.pow(24));
    assertThat(p.routes()).hasSize(2);
    assertThat(p.trustedSources()).hasSize(2);
    assertThat(p.chain("chain-b").deployerKeyFile())
        .isEqualTo(Path.of("data/devnet/deployer-chain-b.key"));
  }

  @Test
  void shouldParseAmountsExactlyOrRefuseThem() {
    assertThat(DeployPlan.amount("1_000e18", "x")).isEqualTo(BigInteger.TEN.pow(21));
    assertThat(DeployPlan.amount("123", "x")).isEqualTo(BigInteger.valueOf(123));
    assertThatThrownBy(() -> DeployPlan.amount("1.5", "caps"))
        .hasMessageContaining("caps: '1.5' is not a whole number of token units");
    assertThatThrownBy(() -> DeployPlan.amount("-1", "caps")).hasMessageContaining("negative");
  }

  @Test
  void shouldRefuseAMixedCaseAddressWithAWrongChecksum() {
    assertThatThrownBy(
            () ->
                read("group-signer: \"0x5FbDB2315678afecb367f032d93F642f64180aA3\"\nchains: {}\n"))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("group-signer")
        .hasMessageContaining("checksum");
  }

  @Test
  void shouldRequireATimelockDelayToDeployABridgeAndDecimalsToDeployAToken() {
    String chain =
        """
        group-signer: "0x00000000000000000000000000000000000000aa"
        chains:
          c:
            rpc-url: http://127.0.0.1:8545
            chain-id: 1
            deployer-key-file: k
        %s
        """;
    assertThatThrownBy(() -> read(chain.formatted("")))
        .hasMessageContaining(
            "chains.c.bridge.timelock-delay-seconds is required to deploy a bridge");
    assertThatThrownBy(
            () ->
                read(
                    chain.formatted(
                        """
                            bridge: {timelock-delay-seconds: 60}
                            tokens:
                              T: {deploy: test-token, max-per-transfer: 1, daily-cap: 1}
                        """)))
        .hasMessageContaining("chains.c.tokens.T.decimals is required to deploy a token");
    assertThatThrownBy(
            () ->
                read(
                    chain.formatted(
                        """
                            bridge: {timelock-delay-seconds: 60}
                            tokens:
                              T: {deploy: test-token, mode: BURN_MINT, decimals: 6, max-per-transfer: 1, daily-cap: 1}
                        """)))
        .hasMessageContaining("a test-token can only be LOCK_RELEASE");
  }

  @Test
  void shouldNameAMissingPlanFile() {
    assertThatThrownBy(() -> DeployPlan.read(dir.resolve("devnet.yml")))
        .isInstanceOf(DeployException.class)
        .hasMessageEndingWith("devnet.yml does not exist");
  }

  @Test
  void shouldComputeTheDailyCapTheContractStores() {
    BigInteger small = BigInteger.ONE.shiftLeft(31);
    assertThat(BridgeSettings.effectiveDailyCap(small)).isEqualTo(small);
    assertThat(BridgeSettings.effectiveDailyCap(BigInteger.ZERO)).isZero();
    BigInteger big = small.add(BigInteger.ONE); // quantum 2: rounded down to an even number
    assertThat(BridgeSettings.effectiveDailyCap(big)).isEqualTo(small);
  }
}
