package io.tbridge.tools.reconcile;

import static io.tbridge.chain.testing.TwoBridges.netOfFee;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.testing.TwoBridges;
import io.tbridge.tools.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./tbridge reconcile} on two real anvil chains: exit 0 on a clean history, 1 once a forged
 * release lands, 2 with one line for a bad URL, an unreachable endpoint or a wrong chain id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class ReconcileCommandTest {

  private TwoBridges chains;
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    chains = new TwoBridges();
    BigInteger nonce = chains.lockOnA(10_000);
    chains.releaseOnB(nonce, netOfFee(10_000));
    chains.lockOnA(20_000); // pending
    chains.finalizeAll();
  }

  @AfterAll
  void stop() {
    chains.close();
  }

  private static Run run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(o, true));
    cl.setErr(new PrintWriter(e, true));
    List<String> all = new ArrayList<>(List.of("reconcile", "--profile", "anvil-devnet"));
    all.addAll(List.of(args));
    int code = cl.execute(all.toArray(String[]::new));
    return new Run(code, o.toString(), e.toString());
  }

  private List<String> explicit(String aUrl, long aChainId) {
    return List.of(
        "--a-rpc-url", aUrl,
        "--a-chain-id", String.valueOf(aChainId),
        "--a-bridge", chains.a.bridge().toChecksumHex(),
        "--b-rpc-url", chains.anvilB.url().toString(),
        "--b-chain-id", String.valueOf(TwoBridges.B),
        "--b-bridge", chains.b.bridge().toChecksumHex());
  }

  private List<String> explicit() {
    return explicit(chains.anvilA.url().toString(), TwoBridges.A);
  }

  @Test
  @DisplayName("a clean history exits 0 with the route table and no finding")
  void cleanExitsZero() {
    Run r = run(explicit().toArray(String[]::new));

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out())
        .contains("findings: none")
        .contains(chains.a.token().toChecksumHex())
        .contains("custody a " + chains.a.token().toChecksumHex());
  }

  @Test
  @DisplayName("--deployment-file supplies ids, bridges and URLs; --json is one object")
  void deploymentFileAndJson() throws Exception {
    Path file = dir.resolve("deployment.json");
    new Deployment(
            Deployment.FORMAT,
            true,
            TwoBridges.GROUP.getAddress(),
            List.of(
                record(
                    "chain-a",
                    TwoBridges.A,
                    chains.anvilA.url().toString(),
                    chains.a.bridge().toChecksumHex()),
                record(
                    "chain-b",
                    TwoBridges.B,
                    chains.anvilB.url().toString(),
                    chains.b.bridge().toChecksumHex())))
        .write(file);

    Run r = run("--deployment-file", file.toString(), "--json");

    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("clean").asBoolean()).isTrue();
    JsonNode ab = json.get("routes").get(0);
    assertThat(ab.get("locks").asLong()).isEqualTo(2);
    assertThat(ab.get("released").asLong()).isEqualTo(1);
    assertThat(ab.get("pending").asLong()).isEqualTo(1);
    assertThat(ab.get("pendingDst").asText()).isEqualTo(netOfFee(20_000).toString());
  }

  private static Deployment.ChainRecord record(String name, long id, String url, String bridge) {
    return new Deployment.ChainRecord(name, id, url, bridge, 0, Map.of());
  }

  @Test
  @DisplayName("an unreachable endpoint, a wrong chain id or a bad URL is one line and exit 2")
  void badInputExitsTwo() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run down =
        run(
            explicit("http://127.0.0.1:" + port + "/key-in-path", TwoBridges.A)
                .toArray(String[]::new));
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.err().lines()).singleElement();
    assertThat(down.err())
        .startsWith("reconcile: chain a: RPC http://127.0.0.1:" + port + " does not answer")
        .doesNotContain("key-in-path");

    Run wrongId = run(explicit(chains.anvilA.url().toString(), 999).toArray(String[]::new));
    assertThat(wrongId.code()).isEqualTo(2);
    assertThat(wrongId.err().lines()).singleElement();
    assertThat(wrongId.err()).contains("reports chain id 31337, expected 999");

    Run badUrl = run(explicit("ftp:/nowhere", TwoBridges.A).toArray(String[]::new));
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err().lines()).singleElement();
    assertThat(badUrl.err()).contains("chain a: RPC URL must be http(s)://host");

    Run missing = run("--a-rpc-url", chains.anvilA.url().toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--a-chain-id is required");
  }

  @Test
  @DisplayName(
      "a forged release exits 1 naming the release without a lock (runs last: it changes B)")
  void zzForgedReleaseExitsOne() throws Exception {
    chains.releaseOnB(BigInteger.valueOf(500), BigInteger.valueOf(123));
    chains.finalizeAll();

    Run r = run(explicit().toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("CRITICAL: release on b of a nonce 500").contains("has no lock");
  }
}
