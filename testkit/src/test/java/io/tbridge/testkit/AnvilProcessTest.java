package io.tbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

class AnvilProcessTest {
  private static AnvilProcess chain;

  @BeforeAll
  static void startChain() {
    chain = AnvilProcess.builder().chainId(4242).slotsInAnEpoch(2).start();
  }

  @AfterAll
  static void stopChain() {
    chain.close();
  }

  @Test
  void shouldServeJsonRpcOnLoopbackWithTheChosenChainId() throws Exception {
    assertThat(chain.rpcUrl()).isEqualTo("http://127.0.0.1:" + chain.port());
    assertThat(chain.web3j().ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(4242));
    assertThat(chain.chainId()).isEqualTo(4242);
  }

  @Test
  void shouldExposeFundedDevAccounts() throws Exception {
    assertThat(chain.devPrivateKeys()).hasSize(10).allMatch(k -> k.matches("0x[0-9a-f]{64}"));
    String address = chain.devAccount(0).getAddress();
    BigInteger balance =
        chain.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    assertThat(balance).isGreaterThan(BigInteger.TEN.pow(21));
    assertThat(chain.toString()).doesNotContain(chain.devPrivateKeys().get(0).substring(2, 20));
  }

  @Test
  void shouldMineAndRevertToSnapshot() {
    String snapshot = chain.snapshot();
    long before = chain.blockNumber();

    chain.mine(5);
    assertThat(chain.blockNumber()).isEqualTo(before + 5);

    chain.revert(snapshot);
    assertThat(chain.blockNumber()).isEqualTo(before);
    assertThatThrownBy(() -> chain.revert("0x7fff")).hasMessageContaining("no snapshot");
  }

  @Test
  void shouldReplaceBlocksOnReorg() {
    String snapshot = chain.snapshot();
    chain.mine(4);
    long head = chain.blockNumber();
    String oldHash = chain.block(head - 1).orElseThrow().getHash();

    chain.reorg(2);

    assertThat(chain.blockNumber()).isEqualTo(head);
    assertThat(chain.block(head - 1).orElseThrow().getHash()).isNotEqualTo(oldHash);
    chain.revert(snapshot);
  }

  @Test
  void shouldTrailFinalizedByTwoEpochs() {
    String snapshot = chain.snapshot();
    chain.mine(20);
    long head = chain.blockNumber();

    // slots-in-an-epoch 2: safe = head - 2, finalized = head - 4.
    assertThat(chain.safeBlock().getNumber().longValueExact()).isEqualTo(head - 2);
    assertThat(chain.finalizedBlock().getNumber().longValueExact()).isEqualTo(head - 4);
    chain.revert(snapshot);
  }

  @Test
  void shouldReportRpcErrorsWithTheMethodName() {
    assertThatThrownBy(() -> chain.call("anvil_noSuchMethod", List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("anvil_noSuchMethod failed");
  }

  @Test
  void shouldKillProcessTreeAndDeleteStateOnClose() throws Exception {
    AnvilProcess second = AnvilProcess.builder().chainId(4243).start();
    Path workDir = second.workDir();
    int port = second.port();
    List<ProcessHandle> tree = ProcessHandle.of(second.pid()).orElseThrow().descendants().toList();
    assertThat(Files.isDirectory(workDir)).isTrue();
    assertThat(second.isAlive()).isTrue();

    second.close();
    second.close(); // idempotent

    assertThat(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(Files.exists(workDir)).isFalse();
    assertThat(listening(port)).isFalse();
  }

  @Test
  void shouldStopAnvilAndDeleteStateWhenOwningJvmDiesWithoutClosing() throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process owner =
        new ProcessBuilder(
                javaBin.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AnvilOrphanMain.class.getName())
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        new String(owner.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(owner.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<Long> pids =
        lines.stream()
            .filter(line -> line.startsWith("PIDS "))
            .flatMap(line -> Arrays.stream(line.substring(5).split(" ")))
            .map(Long::parseLong)
            .toList();
    Path workDir =
        lines.stream()
            .filter(line -> line.startsWith("DIR "))
            .map(line -> Path.of(line.substring(4)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("owner printed no work dir: " + lines));
    assertThat(pids).as("launcher, watchdog, node wrapper and anvil").hasSizeGreaterThan(2);

    // Bounded wait for the watchdog; the processes are not ours to wait on directly.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && (pids.stream().anyMatch(AnvilProcessTest::alive) || Files.exists(workDir))) {
      Thread.sleep(100);
    }
    assertThat(pids).noneMatch(AnvilProcessTest::alive);
    assertThat(Files.exists(workDir)).isFalse();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void shouldFailClearlyWhenBinaryIsMissing() {
    Path missing = Path.of("/nonexistent/node_modules/.bin/anvil");
    assertThatThrownBy(() -> AnvilProcess.builder().binary(missing).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("anvil not found at " + missing)
        .hasMessageContaining("run contracts/scripts/setup");
  }

  @Test
  void shouldBuildCommandLineFromOptions() {
    Path work = Path.of("/tmp/w");
    List<String> command =
        AnvilProcess.builder()
            .chainId(7)
            .slotsInAnEpoch(2)
            .blockTime(Duration.ofSeconds(3))
            .command(Path.of("anvil"), 1234, work);

    assertThat(String.join(" ", command))
        .isEqualTo(
            "anvil --host 127.0.0.1 --port 1234 --chain-id 7 --config-out /tmp/w/config.json"
                + " --cache-path /tmp/w/cache --slots-in-an-epoch 2 --block-time 3");
    assertThat(
            AnvilProcess.builder()
                .blockTime(Duration.ofSeconds(3))
                .automine()
                .command(Path.of("anvil"), 1, work))
        .doesNotContain("--block-time");
    assertThatThrownBy(() -> AnvilProcess.builder().blockTime(Duration.ofMillis(500)))
        .hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> AnvilProcess.builder().chainId(0)).hasMessageContaining("positive");
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
