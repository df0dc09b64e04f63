package io.tbridge.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.core.Address;
import io.tbridge.tools.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import picocli.CommandLine;

/**
 * Two real anvil chains like the devnet's, a funded deployer whose key is in a file, a plan written
 * from a template, and {@code ./tbridge deploy} run in-process with its output captured. Every run
 * checks that the key appears nowhere in what was printed or written.
 */
final class Devnet implements AutoCloseable {

  /** The deployer's private key (hex, no 0x): the string no output may contain. */
  static final String KEY_HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

  /** The group signer the tests sign releases with. */
  static final Credentials GROUP =
      Credentials.create("0x3333333333333333333333333333333333333333333333333333333333333333");

  final TestAnvil a = TestAnvil.start(31337);
  final TestAnvil b = TestAnvil.start(31338);
  final Path dir;
  final Path keyFile;
  final Path plan;
  final Path out;
  final Credentials deployer = Credentials.create(KEY_HEX);

  /** Extra plan lines under chain-a's {@code bridge:} (e.g. an address to adopt). */
  String bridgeA = "";

  /** Extra tokens of chain-b, as plan lines indented under {@code tokens:}. */
  String extraTokensB = "";

  /** The result of one run. */
  record Run(int code, String out, String err) {}

  Devnet(Path dir) {
    this.dir = dir;
    this.keyFile = dir.resolve("deployer.key");
    this.plan = dir.resolve("plan.yaml");
    this.out = dir.resolve("out/deployment.json"); // the directory does not exist yet
    write(keyFile, "0x" + KEY_HEX + "\n");
    BridgeFixture.fund(a, Address.of(deployer.getAddress()));
    BridgeFixture.fund(b, Address.of(deployer.getAddress()));
    writePlan(GROUP.getAddress(), 0, a.url().toString(), 31338);
  }

  /** Writes the devnet-like plan with these variations. */
  void writePlan(String groupSigner, int feeBps, String rpcA, long chainIdB) {
    write(
        plan,
        """
        group-signer: "%s"
        chains:
          chain-a:
            rpc-url: %s
            chain-id: 31337
            deployer-key-file: %s
            bridge:
              timelock-delay-seconds: 1
              fee-bps: %d
        %s    tokens:
              TST:
                deploy: test-token
                name: Test Token
                decimals: 18
                max-per-transfer: 1000e18
                daily-cap: 1000000e18
          chain-b:
            rpc-url: %s
            chain-id: %d
            deployer-key-file: %s
            bridge:
              timelock-delay-seconds: 1
            tokens:
              TST:
                deploy: bridged-token
                name: Test Token (bridged)
                decimals: 18
                max-per-transfer: 1000e18
                daily-cap: 1000000e18
        %sroutes:
          - from: chain-a.TST
            to: chain-b.TST
          - from: chain-b.TST
            to: chain-a.TST
        trusted-sources:
          - chain: chain-b
            trusts: chain-a
          - chain: chain-a
            trusts: chain-b
        """
            .formatted(
                groupSigner,
                rpcA,
                keyFile,
                feeBps,
                bridgeA,
                b.url(),
                chainIdB,
                keyFile,
                extraTokensB));
  }

  /** Runs {@code ./tbridge deploy} on the plan and output; checks that no key leaked. */
  Run deploy(String... extra) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(o, true));
    cl.setErr(new PrintWriter(e, true));
    List<String> args = new ArrayList<>(List.of("deploy", "--plan=" + plan, "--out=" + out));
    args.addAll(List.of(extra));
    if (args.stream().noneMatch(a -> a.startsWith("--max-timelock-wait"))) {
      args.add("--max-timelock-wait=PT20S");
    }
    int code = cl.execute(args.toArray(String[]::new));
    Run run = new Run(code, o.toString(), e.toString());
    assertNoKey(run.out() + run.err());
    if (Files.exists(out)) {
      assertNoKey(read(out));
    }
    return run;
  }

  static void assertNoKey(String text) {
    assertThat(text.toLowerCase()).doesNotContain(KEY_HEX).doesNotContain(KEY_HEX.substring(0, 16));
  }

  /** A web3j client of {@code chain}. */
  static Web3j web3j(TestAnvil chain) {
    return Web3j.build(new HttpService(chain.url().toString()));
  }

  /** A transaction manager sending as {@code who} on {@code chain}. */
  static TransactionManager tm(Web3j w, TestAnvil chain, Credentials who) {
    return new RawTransactionManager(
        w, who, chain.chainId(), new PollingTransactionReceiptProcessor(w, 100, 100));
  }

  /** Generous static gas for test transactions. */
  static StaticGasProvider gas() {
    return new StaticGasProvider(
        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(2_000_000));
  }

  /** The deployer's transaction count on {@code chain}. */
  long nonce(TestAnvil chain) {
    Web3j w = web3j(chain);
    try {
      return w.ethGetTransactionCount(deployer.getAddress(), DefaultBlockParameterName.LATEST)
          .send()
          .getTransactionCount()
          .longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.shutdown();
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path p, String s) {
    try {
      Files.writeString(p, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    a.close();
    b.close();
  }
}
