package io.tbridge.signer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbridge.chain.rpc.ChainHealth;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.finality.ChainProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Readiness input: a chain whose own endpoint quorum stops answering turns unhealthy after the
 * configured time, named with the cause, and healthy again once it answers (real anvil behind a
 * proxy that can fail, and an endpoint on a port where nothing listens).
 */
class ChainProbeTest {
  private static final ChainProfile FAST =
      ChainProfile.confirmations("test-1", 1, Duration.ofSeconds(1));
  private static final Address BRIDGE = Address.of("0x" + "11".repeat(20));

  @Test
  void aChainWhoseQuorumStopsAnsweringIsNamedUnhealthyAndRecovers() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (TestAnvil anvil = TestAnvil.start(31337);
        JsonRpcProxy proxy = new JsonRpcProxy(anvil.url())) {
      anvil.mine(3);
      ChainView view =
          new ChainView(
              "chain-a", ChainId.of(31337), BRIDGE, FAST, reader(31337, proxy.url(), clock, 30));
      ChainProbe probe = new ChainProbe(List.of(view));
      clock.advance(Duration.ofSeconds(60));
      probe.probeOnce();
      assertThat(probe.unhealthy()).as("answered after the grace period").isEmpty();

      proxy.hook(
          new JsonRpcProxy.Hook() {
            @Override
            public JsonRpcProxy.Reply before(String method, JsonNode request) {
              return new JsonRpcProxy.Reply(503, "unavailable");
            }
          });
      probe.probeOnce();
      assertThat(probe.unhealthy()).as("within the limit: still healthy").isEmpty();
      clock.advance(Duration.ofSeconds(31));
      probe.probeOnce();
      assertThat(probe.unhealthy()).containsOnlyKeys("chain-a");
      assertThat(probe.unhealthy().get("chain-a")).isNotBlank().isNotEqualTo("none");
      assertThat(probe.secondsSinceAnswer("chain-a"))
          .hasValueSatisfying(s -> assertThat(s).isGreaterThan(30));

      proxy.hook(new JsonRpcProxy.Hook() {});
      // The endpoint's circuit breaker stays open for a while after the failures: probe until it
      // lets a call through again.
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      do {
        Thread.sleep(200);
        probe.probeOnce();
      } while (!probe.unhealthy().isEmpty() && System.nanoTime() < until);
      assertThat(probe.unhealthy()).as("answers again: healthy").isEmpty();
    }
  }

  @Test
  void anEndpointWhereNothingListensTurnsUnhealthyNamingTheChain() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ChainView view =
        new ChainView(
            "chain-b",
            ChainId.of(31338),
            BRIDGE,
            FAST,
            reader(31338, URI.create("http://127.0.0.1:" + port), clock, 5));
    ChainProbe probe = new ChainProbe(List.of(view));
    clock.advance(Duration.ofSeconds(6));
    probe.probeOnce();
    assertThat(probe.unhealthy()).containsOnlyKeys("chain-b");
    assertThat(probe.unhealthy().get("chain-b")).contains("connection");
  }

  private static QuorumReader reader(long chainId, URI url, MutableClock clock, int staleSeconds) {
    return new QuorumReader(
        ChainId.of(chainId),
        List.of(Chains.eth(url)),
        1,
        Executors.newCachedThreadPool(),
        new ChainHealth("chain", clock, Duration.ofSeconds(staleSeconds)));
  }
}
