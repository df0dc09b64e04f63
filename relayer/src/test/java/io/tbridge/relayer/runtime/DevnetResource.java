package io.tbridge.relayer.runtime;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.Deployment.ChainRecord;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.relayer.support.GroupKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Two anvil chains with real bridges, a Kafka broker, a sender key file and a custom chain profile
 * file, handed to the Quarkus application as configuration.
 */
public class DevnetResource implements QuarkusTestResourceLifecycleManager {

  static final long SRC = 41001;
  static final long DST = 41002;
  static final GroupKey GROUP =
      new GroupKey("0x5555555555555555555555555555555555555555555555555555555555555555");
  static final String SENDER_KEY =
      "0x6666666666666666666666666666666666666666666666666666666666666666";

  static TestAnvil srcChain;
  static TestAnvil dstChain;
  static BridgeFixture src;
  static BridgeFixture dst;
  static String prefix;
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("tbridge-relayer-app-");
      srcChain = TestAnvil.start(SRC);
      dstChain = TestAnvil.start(DST);
      src = BridgeFixture.deploy(srcChain, GROUP.address());
      dst = BridgeFixture.deploy(dstChain, GROUP.address());
      src.route(DST, dst.token());
      dst.trust(SRC, src.bridge());
      dst.fundBridge(BigInteger.TEN.pow(21));
      Path key = dir.resolve("sender.key");
      Files.writeString(key, SENDER_KEY);
      BridgeFixture.fund(
          dstChain, Address.of(org.web3j.crypto.Credentials.create(SENDER_KEY).getAddress()));
      Path profile = dir.resolve("depth-1.properties");
      Files.writeString(
          profile,
          "name=test-depth-1\nfinality=confirmations\nconfirmations=1\nblock-time-ms=100\n");
      prefix = "app" + UUID.randomUUID().toString().substring(0, 8) + ".";

      Map<String, String> c = new HashMap<>();
      c.put("relayer.instance", "relayer-app-test");
      c.put("relayer.checkpoint-dir", dir.resolve("checkpoints").toString());
      c.put("relayer.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
      c.put("relayer.kafka.locks-topic", prefix + "bridge.locks.v1");
      c.put("relayer.kafka.signed-topic", prefix + "bridge.signed.v1");
      c.put("relayer.kafka.status-topic", prefix + "bridge.status.v1");
      c.put("relayer.kafka.requests-topic", prefix + "bridge.requests.v1");
      c.put("relayer.kafka.consumer-group", prefix + "submitter");
      c.put("relayer.chains.src.chain-id", Long.toString(SRC));
      // src's bridge comes only from the deploy output; dst names its bridge in both places, in
      // another letter case, which must agree.
      Path deployment = dir.resolve("deployment.json");
      new Deployment(
              Deployment.FORMAT,
              true,
              GROUP.address().toChecksumHex(),
              List.of(
                  new ChainRecord(
                      "src",
                      SRC,
                      srcChain.url().toString(),
                      src.bridge().toChecksumHex(),
                      0,
                      Map.of()),
                  new ChainRecord(
                      "dst",
                      DST,
                      dstChain.url().toString(),
                      dst.bridge().toChecksumHex(),
                      0,
                      Map.of())))
          .write(deployment);
      c.put("relayer.deployment-file", deployment.toString());
      c.put("relayer.chains.src.endpoints[0]", srcChain.url().toString());
      c.put("relayer.chains.src.watch.profile-file", profile.toString());
      c.put("relayer.chains.src.watch.poll-interval", "100ms");
      c.put("relayer.chains.dst.chain-id", Long.toString(DST));
      c.put("relayer.chains.dst.bridge", dst.bridge().toLowerHex());
      c.put("relayer.chains.dst.endpoints[0]", dstChain.url().toString());
      c.put("relayer.chains.dst.submit.sender-key-file", key.toString());
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    for (AutoCloseable c : new AutoCloseable[] {src, dst, srcChain, dstChain}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
