package io.tbridge.relayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.core.Address;
import io.tbridge.core.LockEvent;
import io.tbridge.core.Release;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged application end to end: the watcher publishes a final lock from one anvil chain to
 * Kafka, a test key standing in for the signer quorum signs it, and the submitter gets it mined on
 * the other chain; health and metrics reflect it.
 */
@QuarkusTest
@QuarkusTestResource(value = DevnetResource.class, restrictToAnnotatedClass = true)
class RelayerAppTest {

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Test
  void shouldCarryALockFromOneChainToTheOtherAndReportIt() throws Exception {
    Address recipient = Address.of("0x00000000000000000000000000000000000c0ffe");
    DevnetResource.src.lock(BigInteger.valueOf(1234), recipient, DevnetResource.DST);
    DevnetResource.srcChain.mine(2);

    String bootstrap = SharedKafka.bootstrapServers();
    var records = KafkaTopics.read(bootstrap, DevnetResource.prefix + "bridge.locks.v1", 1);
    assertThat(records).hasSize(1);
    LockEvent lock = new ObservedLockCodec().decode(records.get(0).value()).orElseThrow();
    assertThat(lock.amount()).isEqualTo(BigInteger.valueOf(1234));

    SignedRelease signed =
        DevnetResource.GROUP.sign(
            DevnetResource.DST, DevnetResource.dst.bridge(), Release.fromLock(lock));
    SignedReleaseCodec codec = new SignedReleaseCodec();
    KafkaTopics.write(
        bootstrap,
        DevnetResource.prefix + "bridge.signed.v1",
        codec.key(signed),
        codec.encode(signed));

    BigInteger balance = BigInteger.ZERO;
    for (int i = 0; i < 300 && balance.signum() == 0; i++) {
      Thread.sleep(100);
      balance = DevnetResource.dst.balanceOf(recipient);
    }
    assertThat(balance).isEqualTo(BigInteger.valueOf(1234));

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(ready.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"kafka\": \"up\"").contains("\"src\"");
    HttpResponse<String> prom =
        http.send(
            HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(prom.body())
        .contains("relayer_locks_published_total{chain=\"src\"")
        .contains("relayer_releases_mined_total{chain=\"dst\"")
        .contains("relayer_chain_head_lag_blocks");
    // Every relayer metric carries HELP text.
    List<String> lines = prom.body().lines().toList();
    List<String> relayerMetrics =
        lines.stream()
            .filter(l -> l.startsWith("# TYPE relayer_"))
            .map(l -> l.split(" ")[2])
            .toList();
    assertThat(relayerMetrics).hasSizeGreaterThanOrEqualTo(15);
    for (String name : relayerMetrics) {
      assertThat(lines)
          .as("HELP text of %s", name)
          .anyMatch(l -> l.matches("# HELP " + Pattern.quote(name) + " \\S.*"));
    }
  }
}
