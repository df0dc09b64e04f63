package io.tbridge.signer.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The node's counters keep what they counted before a registry was attached (Quarkus' order). */
class SignerMetricsTest {

  @Test
  void countsMadeBeforeTheExportingRegistryIsAttachedAreExported() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    SignerMetrics metrics = new SignerMetrics(composite);
    metrics.verification("ready", "-");
    metrics.verification("ready", "-");
    metrics.session("sign", "completed", "-");
    metrics.blame(3);
    SimpleMeterRegistry exported = new SimpleMeterRegistry();
    composite.add(exported);
    metrics.verification("ready", "-");
    assertThat(
            exported.find("signer.verifications").tag("outcome", "ready").functionCounter().count())
        .isEqualTo(3);
    assertThat(exported.find("signer.sessions").tag("kind", "sign").functionCounter().count())
        .isEqualTo(1);
    assertThat(exported.find("signer.blames").tag("party", "3").functionCounter().count())
        .isEqualTo(1);
  }
}
