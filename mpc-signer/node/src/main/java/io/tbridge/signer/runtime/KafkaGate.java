package io.tbridge.signer.runtime;

import io.tbridge.chain.kafka.KafkaSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Holds the node's start until Kafka answers, instead of failing the start on the first timeout:
 * Kafka coming up after the signers (a devnet, a broker restart) is normal, and a restart loop
 * would not make it come sooner. While no broker accepts a connection it only tries a TCP connect
 * (no Kafka client runs, so nothing else logs); once one does, an admin request must succeed.
 */
public final class KafkaGate {

  private static final Duration PAUSE = Duration.ofMillis(500);

  private KafkaGate() {}

  /**
   * Returns once Kafka answers, or false when {@code running} turned false first.
   *
   * @param waiting told why the node waits (for readiness), on every failed try
   */
  public static boolean await(
      int party, KafkaSettings kafka, Consumer<String> waiting, BooleanSupplier running) {
    KafkaWatch watch = new KafkaWatch(party, kafka.bootstrapServers());
    Admin admin = null;
    try {
      while (running.getAsBoolean()) {
        Optional<String> refused = noneListens(kafka.bootstrapServers());
        String cause;
        if (refused.isPresent()) {
          cause = refused.get();
        } else {
          if (admin == null) {
            admin = Admin.create(adminConfig(kafka));
          }
          Optional<String> failed = describe(admin);
          if (failed.isEmpty()) {
            watch.observe(true, "");
            return true;
          }
          cause = failed.get();
        }
        watch.observe(false, cause);
        waiting.accept("waiting for Kafka at " + kafka.bootstrapServers() + " (" + cause + ")");
        try {
          Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    } finally {
      if (admin != null) {
        admin.close(Duration.ofSeconds(2));
      }
    }
  }

  /** The cause if no bootstrap address accepts a TCP connection; empty if one does. */
  static Optional<String> noneListens(String bootstrapServers) {
    List<InetSocketAddress> addresses = addresses(bootstrapServers);
    if (addresses.isEmpty()) {
      return Optional.empty(); // a form not parsed here: leave it to the Kafka client
    }
    String cause = "no broker listens";
    for (InetSocketAddress a : addresses) {
      try (Socket s = new Socket()) {
        s.connect(a, 2_000);
        return Optional.empty();
      } catch (IOException e) {
        cause = "no broker listens: " + e.getMessage();
      }
    }
    return Optional.of(cause);
  }

  /** host:port entries of {@code bootstrap.servers} (a {@code PROTOCOL://} prefix is dropped). */
  static List<InetSocketAddress> addresses(String bootstrapServers) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String entry : bootstrapServers.split(",")) {
      String e = entry.strip();
      int scheme = e.indexOf("://");
      if (scheme >= 0) {
        e = e.substring(scheme + 3);
      }
      int colon = e.lastIndexOf(':');
      if (colon <= 0) {
        continue;
      }
      String host = e.substring(0, colon).replace("[", "").replace("]", "");
      try {
        out.add(new InetSocketAddress(host, Integer.parseInt(e.substring(colon + 1))));
      } catch (IllegalArgumentException notAPort) {
        // left to the Kafka client, which names it
      }
    }
    return out;
  }

  private static Optional<String> describe(Admin admin) {
    try {
      admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of("listens but does not answer: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      return Optional.of("listens but does not answer within 5 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private static Map<String, Object> adminConfig(KafkaSettings kafka) {
    Map<String, Object> c = new HashMap<>(kafka.extra());
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, kafka.clientId() + "-start");
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    return c;
  }
}
