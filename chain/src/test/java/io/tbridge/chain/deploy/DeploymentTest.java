package io.tbridge.chain.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.chain.deploy.Deployment.ChainRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy output as written by the tools and read by the services. */
class DeploymentTest {
  private static final String BRIDGE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final String TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

  @TempDir Path dir;

  private static ChainRecord chain(String name) {
    return new ChainRecord(name, 31337, "http://127.0.0.1:8545", BRIDGE, 3, Map.of("TST", TOKEN));
  }

  @Test
  void shouldRoundTripWithExactlyTheDocumentedFields() throws Exception {
    Path f = dir.resolve("deployment.json");
    Deployment d = new Deployment(Deployment.FORMAT, true, BRIDGE, List.of(chain("chain-a")));
    d.write(f);
    assertThat(Deployment.read(f)).contains(d);
    assertThat(Files.readString(f))
        .contains("\"deployBlock\" : 3")
        .doesNotContain("bridgeAddress"); // a helper, not a field of the format
    assertThat(Deployment.read(dir.resolve("none.json"))).isEmpty();
  }

  @Test
  void invalidContentShouldBeRefusedWithOneLine() throws Exception {
    assertThatThrownBy(
            () ->
                new Deployment(
                    Deployment.FORMAT, true, BRIDGE, List.of(chain("chain-a"), chain("chain-a"))))
        .hasMessage("chain chain-a is recorded twice");
    Path f = dir.resolve("deployment.json");
    Files.writeString(
        f,
        """
        {"format": "tbridge-deployment/1", "verified": true, "groupSigner": "%s",
         "chains": [{"name": "chain-a", "chainId": 31337, "rpcUrl": "x", "deployBlock": 0,
                     "tokens": {}}]}
        """
            .formatted(BRIDGE));
    assertThatThrownBy(() -> Deployment.read(f))
        .isInstanceOf(DeploymentException.class)
        .hasMessage(
            f + " is not a usable tbridge-deployment/1 file: chain chain-a: bridge is missing")
        .extracting(e -> ((DeploymentException) e).reason())
        .isEqualTo("chain chain-a: bridge is missing");
  }
}
