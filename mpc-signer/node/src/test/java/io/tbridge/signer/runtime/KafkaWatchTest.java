package io.tbridge.signer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.testkit.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class KafkaWatchTest {

  @Test
  void logsOncePerChangeNeverPerRetry() {
    KafkaWatch w = new KafkaWatch(1, "127.0.0.1:9092");
    assertThat(w.observe(true, "")).as("reachable from the start: nothing to say").isFalse();
    assertThat(w.observe(false, "connection refused")).isTrue();
    assertThat(w.observe(false, "connection refused")).isFalse();
    assertThat(w.observe(false, "another cause")).isFalse();
    assertThat(w.observe(true, "")).isTrue();
    assertThat(w.observe(true, "")).isFalse();
  }

  @Test
  void unreachableFromTheStartIsOneLine() {
    KafkaWatch w = new KafkaWatch(1, "127.0.0.1:9092");
    assertThat(w.observe(false, "connection refused")).isTrue();
    assertThat(w.observe(false, "connection refused")).isFalse();
  }

  @Test
  void blankServersAreRefused() {
    assertThatThrownBy(() -> new KafkaWatch(1, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap servers");
  }

  @Test
  void bootstrapEntriesParseWithOrWithoutProtocol() {
    assertThat(KafkaGate.addresses("127.0.0.1:9092, SASL_SSL://[::1]:9093,nonsense"))
        .extracting(a -> a.getHostString() + " " + a.getPort())
        .containsExactly("127.0.0.1 9092", "0:0:0:0:0:0:0:1 9093");
  }

  @Test
  void aPortWhereNothingListensIsNamedAndAListeningOneIsNot() throws Exception {
    assertThat(KafkaGate.noneListens("127.0.0.1:" + FreePorts.loopback()))
        .hasValueSatisfying(c -> assertThat(c).startsWith("no broker listens"));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(KafkaGate.noneListens("127.0.0.1:1,127.0.0.1:" + s.getLocalPort())).isEmpty();
    }
  }
}
