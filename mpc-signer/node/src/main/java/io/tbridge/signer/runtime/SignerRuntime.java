package io.tbridge.signer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tbridge.chain.bridge.BridgeEndpointCheck;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.HttpJsonRpc;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.signer.config.Settings;
import io.tbridge.signer.config.SignerConfig;
import io.tbridge.signer.keys.EncryptedFileKeyStore;
import io.tbridge.signer.keys.KeyStoreException;
import io.tbridge.signer.state.StateException;
import io.tbridge.signer.topology.Topology;
import io.tbridge.signer.topology.TopologyException;
import io.tbridge.signer.topology.TopologyFile;
import io.tbridge.tss.paillier.PaillierSecretKey;
import io.tbridge.tss.paillier.SafePrimes;
import io.tbridge.tss.paillier.SecurityLevel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Builds the {@link SignerNode} from {@link SignerConfig} at start-up and closes it at shutdown. A
 * configuration, key store, topology or state problem is one ERROR line naming the cause, and the
 * process exits with status 2 (no stack trace for an operator's mistake).
 */
@ApplicationScoped
public class SignerRuntime {

  private static final Logger LOG = Logger.getLogger(SignerRuntime.class);

  @Inject SignerConfig config;
  @Inject MeterRegistry metrics;

  private volatile Optional<SignerNode> node = Optional.empty();
  private volatile Optional<String> failure = Optional.empty();
  private volatile String phase = "starting (key store)";
  private volatile boolean stopping;
  private ExecutorService rpcPool;

  void onStart(@Observes StartupEvent event) {
    Thread t = new Thread(this::startNode, "signer-start");
    t.setDaemon(true);
    t.start();
  }

  private void startNode() {
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    char[] passphrase = null;
    try {
      rpcPool =
          Executors.newCachedThreadPool(
              r -> {
                Thread th = new Thread(r, "signer-rpc");
                th.setDaemon(true);
                return th;
              });
      Topology topology = TopologyFile.load(Path.of(config.topologyFile()));
      if (!topology.keyId().equals(config.keyId())) {
        throw new Settings.ConfigException(
            "signer.key-id " + config.keyId() + " is not the topology's key " + topology.keyId());
      }
      NodeSettings s = Settings.node(config, topology, rpcPool);
      // The effective values after overrides (system property, environment, file), once.
      LOG.infof(
          "party=%d key=%s kafka=%s locks-topic=%s mpc-topic=%s signed-topic=%s status-topic=%s"
              + " requests-topic=%s refunds-topic=%s chains=%s deployment-file=%s",
          config.party(),
          config.keyId(),
          s.kafka().bootstrapServers(),
          s.kafka().locksTopic(),
          s.mpcTopic(),
          s.kafka().signedTopic(),
          s.kafka().statusTopic(),
          s.kafka().requestsTopic(),
          s.kafka().refundsTopic(),
          config.chains().keySet(),
          config.deploymentFile().map(f -> Path.of(f).toAbsolutePath().toString()).orElse("none"));
      checkEndpoints(s);
      passphrase = Settings.passphrase(config);
      boolean test = s.level() == SecurityLevel.TEST;
      EncryptedFileKeyStore keys =
          EncryptedFileKeyStore.open(
              Path.of(config.keyStoreDir()),
              config.keyId(),
              config.party(),
              passphrase,
              test,
              random);
      // Everything this node can check alone is checked; the rest needs Kafka, which may come
      // up after the node does.
      if (!KafkaGate.await(config.party(), s.kafka(), w -> phase = w, () -> !stopping)) {
        return;
      }
      if (keys.keyMaterial().isEmpty()) {
        if (!config.keygenOnFirstStart()) {
          throw new Settings.ConfigException(
              "party "
                  + config.party()
                  + " holds no key share for "
                  + config.keyId()
                  + ": run the key ceremony (or set signer.keygen-on-first-start on a devnet)");
        }
        LOG.infof(
            "party=%d no key share yet: generating a Paillier key and joining the key ceremony",
            config.party());
        phase = "key ceremony";
        SignerNode.ceremony(
            s,
            keys,
            () -> paillier(s.level(), random),
            "first-start",
            config.ceremonyWait(),
            clock,
            random,
            step -> phase = "key ceremony: " + step);
      }
      phase = "starting the node";
      node = Optional.of(SignerNode.start(s, keys, metrics, clock, random));
    } catch (TopologyException
        | KeyStoreException
        | StateException
        | Settings.ConfigException
        | io.tbridge.chain.store.DirectoryLock.LockedException
        | IllegalStateException e) {
      fail(e.getMessage());
    } catch (org.apache.kafka.common.KafkaException e) {
      // Kafka answered at the gate and stopped again before the node was up: rare; a restart
      // waits at the gate again.
      fail("Kafka at " + config.kafka().bootstrapServers() + " failed during start: " + e);
    } catch (io.tbridge.signer.mpc.KeyCeremony.CeremonyException e) {
      fail("key ceremony failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("signer node failed to start", e);
      fail(e.toString());
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  /**
   * Every endpoint must be the configured chain and see a Bridge at the configured address; a wrong
   * one refuses the start (MisconfiguredException), a down one only warns.
   */
  private void checkEndpoints(NodeSettings s) {
    // The bridges as resolved (from the YAML or signer.deployment-file), never re-read.
    Map<String, Address> bridges = new HashMap<>();
    s.chains().forEach(v -> bridges.put(v.name(), v.bridge()));
    config
        .chains()
        .forEach(
            (name, ch) -> {
              List<EthRpc> plain = new ArrayList<>();
              for (String url : ch.endpoints()) {
                plain.add(new EthRpc(new HttpJsonRpc(URI.create(url), ch.rpcTimeout())));
              }
              BridgeEndpointCheck.requireUsable(
                      name, ChainId.of(ch.chainId()), bridges.get(name), plain)
                  .stream()
                  .filter(r -> r.verdict() == BridgeEndpointCheck.Verdict.UNREACHABLE)
                  .forEach(r -> LOG.warnf("%s (not checked at start)", r.line()));
            });
  }

  private void fail(String message) {
    failure = Optional.of(message);
    LOG.errorf("signer node cannot start: %s", message);
    Quarkus.asyncExit(2);
  }

  private static PaillierSecretKey paillier(SecurityLevel level, SecureRandom random) {
    while (true) {
      PaillierSecretKey k = null;
      try {
        k =
            PaillierSecretKey.of(
                SafePrimes.generate(level.primeBits(), random),
                SafePrimes.generate(level.primeBits(), random));
      } catch (IllegalArgumentException equalPrimes) {
        continue;
      }
      return k;
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    node.ifPresent(SignerNode::close);
    if (rpcPool != null) {
      rpcPool.shutdownNow();
    }
  }

  /** The running node, once started. */
  public Optional<SignerNode> node() {
    return node;
  }

  /** What the start is doing or waiting for while {@link #node()} is empty. */
  public String phase() {
    return phase;
  }

  /** Why the node could not start, if it could not. */
  public Optional<String> failure() {
    return failure;
  }
}
