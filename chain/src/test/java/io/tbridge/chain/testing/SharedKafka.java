package io.tbridge.chain.testing;

import io.tbridge.testkit.KafkaBroker;

/**
 * One real Kafka broker for all test classes of this JVM (tests use unique topic names), stopped
 * and deleted when the test JVM exits.
 */
public final class SharedKafka {

  private static KafkaBroker broker;

  private SharedKafka() {}

  /** The broker's bootstrap servers, starting it on first use. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      KafkaBroker b = KafkaBroker.start();
      Runtime.getRuntime().addShutdownHook(new Thread(b::close, "shared-kafka-stop"));
      broker = b;
    }
    return broker.bootstrapServers();
  }
}
