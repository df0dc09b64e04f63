package io.tbridge.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbridge.chain.bridge.LockedEventDecoder;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.JsonRpcProxy;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.core.finality.ChainProfiles;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The chunked log scan against a real anvil behind a proxy that refuses wide ranges. */
class LogScanTest {

  @Test
  @DisplayName("ranges an endpoint refuses are halved until accepted, and no log is lost")
  void refusedRangesAreHalved() throws Exception {
    try (TestAnvil anvil = TestAnvil.start(31337);
        BridgeFixture f = BridgeFixture.deploy(anvil, Address.of("0x" + "44".repeat(20)));
        JsonRpcProxy proxy = new JsonRpcProxy(anvil.url())) {
      f.route(31338, Address.of("0x" + "d5".repeat(20)));
      for (int i = 0; i < 5; i++) {
        f.lock(BigInteger.valueOf(1_000 + i), Address.of("0x" + "0b".repeat(20)), 31338);
      }
      anvil.mine(70);
      AtomicInteger refused = new AtomicInteger();
      proxy.hook(
          new JsonRpcProxy.Hook() {
            @Override
            public JsonRpcProxy.Reply before(String method, JsonNode request) {
              if (!"eth_getLogs".equals(method)) {
                return null;
              }
              JsonNode filter = request.get("params").get(0);
              long from = Long.decode(filter.get("fromBlock").asText());
              long to = Long.decode(filter.get("toBlock").asText());
              if (to - from + 1 > 4) {
                refused.incrementAndGet();
                return JsonRpcProxy.error(request, -32005, "block range too large");
              }
              return null;
            }
          });
      QuorumReader reader = Chains.reader(31337, 1, proxy.url());
      long head = reader.finalHead(ChainProfiles.ANVIL_DEVNET).orElseThrow();

      List<RpcLog> logs =
          new LogScan(reader, 100).logs(0, head, f.bridge(), LockedEventDecoder.TOPIC);

      assertThat(refused.get()).as("wide ranges were refused").isPositive();
      assertThat(logs).hasSize(5);
      QuorumReader direct = Chains.reader(31337, 1, anvil.url());
      direct.finalHead(ChainProfiles.ANVIL_DEVNET);
      assertThat(logs).isEqualTo(direct.logs(0, head, f.bridge(), LockedEventDecoder.TOPIC));
    }
  }
}
