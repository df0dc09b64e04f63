package io.tbridge.chain.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.chain.bridge.BridgeEndpointCheck.MisconfiguredException;
import io.tbridge.chain.bridge.BridgeEndpointCheck.Result;
import io.tbridge.chain.bridge.BridgeEndpointCheck.Verdict;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BridgeEndpointCheckTest {

  private static final long CHAIN = 31337;
  private static TestAnvil anvil;
  private static BridgeFixture fixture;

  @BeforeAll
  static void start() {
    anvil = TestAnvil.start(CHAIN);
    fixture = BridgeFixture.deploy(anvil, Address.of("0x00000000000000000000000000000000000000aa"));
  }

  @AfterAll
  static void stop() {
    fixture.close();
    anvil.close();
  }

  private static EthRpc rpc(URI url) {
    return new EthRpc(new HttpJsonRpc(url, Duration.ofSeconds(5)));
  }

  private static Result check(long chainId, Address bridge) {
    return BridgeEndpointCheck.check("src", ChainId.of(chainId), bridge, rpc(anvil.url()));
  }

  @Test
  void shouldAcceptTheRightChainAndBridge() {
    Result r = check(CHAIN, fixture.bridge());
    assertThat(r.verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void shouldRefuseAnEndpointOfAnotherChain() {
    Result r = check(1, fixture.bridge());
    assertThat(r.verdict()).isEqualTo(Verdict.WRONG);
    assertThat(r.line())
        .startsWith("chain=src endpoint=" + rpc(anvil.url()).name())
        .contains("reports chain id 31337 but the config says 1");
  }

  @Test
  void shouldRefuseABridgeAddressWithoutCode() {
    Result r = check(CHAIN, Address.of("0x00000000000000000000000000000000000000bb"));
    assertThat(r.verdict()).isEqualTo(Verdict.WRONG);
    assertThat(r.cause()).contains("no contract code at bridge");
  }

  @Test
  void shouldRefuseAContractThatIsNotABridge() {
    Result r = check(CHAIN, fixture.token());
    assertThat(r.verdict()).isEqualTo(Verdict.WRONG);
    assertThat(r.cause()).contains("contract at " + fixture.token());
  }

  @Test
  void shouldReportADownEndpointAsUnreachableAndRefuseOnlyWrongOnes() {
    EthRpc down = rpc(URI.create("http://127.0.0.1:1"));
    List<Result> rs =
        BridgeEndpointCheck.requireUsable(
            "src", ChainId.of(CHAIN), fixture.bridge(), List.of(rpc(anvil.url()), down));
    assertThat(rs).extracting(Result::verdict).containsExactly(Verdict.OK, Verdict.UNREACHABLE);

    assertThatThrownBy(
            () ->
                BridgeEndpointCheck.requireUsable(
                    "src", ChainId.of(CHAIN), fixture.token(), List.of(down, rpc(anvil.url()))))
        .isInstanceOf(MisconfiguredException.class)
        .hasMessageStartingWith("chain=src endpoint=")
        .hasMessageNotContaining("\n");
  }
}
