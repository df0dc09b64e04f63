package io.tbridge.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.TestAnvil;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilientJsonRpcTest {

  private static TestAnvil anvil;
  private JsonRpcProxy proxy;

  @BeforeAll
  static void startChain() {
    anvil = TestAnvil.start(31337);
  }

  @AfterAll
  static void stopChain() {
    anvil.close();
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new JsonRpcProxy(anvil.url());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static ResilienceSettings settings(int attempts, int callsPerSecond) {
    return new ResilienceSettings(
        attempts,
        Duration.ofMillis(1),
        50f,
        4,
        Duration.ofMinutes(5),
        callsPerSecond,
        Duration.ZERO);
  }

  @Test
  void shouldRetryRetriableErrorsUntilTheEndpointAnswers() {
    AtomicInteger failures = new AtomicInteger(2);
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            return failures.getAndDecrement() > 0 ? new JsonRpcProxy.Reply(503, "") : null;
          }
        });
    var rpc =
        new EthRpc(
            new ResilientJsonRpc(
                new HttpJsonRpc(proxy.url(), Duration.ofSeconds(5)), "c", settings(3, 1000)));
    assertThat(rpc.chainId()).isEqualTo(31337);
    assertThat(proxy.calls()).isEqualTo(3);
  }

  @Test
  void shouldNotRetryAFinalError() {
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            return JsonRpcProxy.error(request, -32602, "invalid params");
          }
        });
    var rpc =
        new ResilientJsonRpc(
            new HttpJsonRpc(proxy.url(), Duration.ofSeconds(5)), "c", settings(5, 1000));
    assertThatThrownBy(() -> rpc.call("eth_chainId", List.of()))
        .isInstanceOf(JsonRpcError.class)
        .satisfies(e -> assertThat(((RpcException) e).retriable()).isFalse());
    assertThat(proxy.calls()).isEqualTo(1);
  }

  @Test
  void shouldOpenTheCircuitBreakerOnAFailingEndpointAndStopCallingIt() {
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            return new JsonRpcProxy.Reply(503, "");
          }
        });
    var rpc =
        new ResilientJsonRpc(
            new HttpJsonRpc(proxy.url(), Duration.ofSeconds(5)), "c", settings(1, 1000));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> rpc.call("eth_chainId", List.of())).isInstanceOf(RpcException.class);
    }
    int callsBefore = proxy.calls();
    assertThat(rpc.breakerState().name()).isEqualTo("OPEN");
    assertThatThrownBy(() -> rpc.call("eth_chainId", List.of()))
        .hasMessageContaining("circuit breaker open");
    assertThat(proxy.calls()).isEqualTo(callsBefore);
  }

  @Test
  void shouldNotOpenTheBreakerOnReverts() {
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            return JsonRpcProxy.error(request, 3, "execution reverted");
          }
        });
    var rpc =
        new ResilientJsonRpc(
            new HttpJsonRpc(proxy.url(), Duration.ofSeconds(5)), "c", settings(1, 1000));
    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(() -> rpc.call("eth_call", List.of())).isInstanceOf(JsonRpcError.class);
    }
    assertThat(rpc.breakerState().name()).isEqualTo("CLOSED");
  }

  @Test
  void shouldRefuseCallsAboveTheRateLimit() {
    var rpc =
        new ResilientJsonRpc(
            new HttpJsonRpc(proxy.url(), Duration.ofSeconds(5)), "c", settings(1, 1));
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 3; i++) {
                rpc.call("eth_chainId", List.of());
              }
            })
        .hasMessageContaining("rate limit");
    assertThat(proxy.calls()).isLessThan(3);
  }

  @Test
  void shouldClassifyAGetLogsRangeRefusal() {
    proxy.hook(
        new JsonRpcProxy.Hook() {
          @Override
          public JsonRpcProxy.Reply before(String method, JsonNode request) {
            return JsonRpcProxy.error(request, -32005, "query returned more than 10000 results");
          }
        });
    var rpc = new HttpJsonRpc(proxy.url(), Duration.ofSeconds(5));
    assertThatThrownBy(() -> rpc.call("eth_getLogs", List.of()))
        .isInstanceOf(RangeTooLargeException.class);
  }

  @Test
  void shouldNeverPutEndpointCredentialsInNamesOrErrors() throws Exception {
    URI secret = URI.create("http://user:hunter2@127.0.0.1:1/v3/APIKEY123?key=SECRET");
    var rpc = new HttpJsonRpc(secret, Duration.ofSeconds(2));
    assertThat(rpc.name()).isEqualTo("http://127.0.0.1:1");
    assertThatThrownBy(() -> rpc.call("eth_chainId", List.of()))
        .isInstanceOf(RpcException.class)
        .satisfies(
            e ->
                assertThat(e.toString())
                    .doesNotContain("hunter2")
                    .doesNotContain("APIKEY123")
                    .doesNotContain("SECRET"));
  }
}
