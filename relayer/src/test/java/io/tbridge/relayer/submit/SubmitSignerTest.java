package io.tbridge.relayer.submit;

import static io.tbridge.relayer.submit.ReleaseSubmitterTest.ALICE;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.DST;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.GROUP;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.SRC;
import static io.tbridge.relayer.submit.ReleaseSubmitterTest.SRC_BRIDGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.testing.BridgeFixture;
import io.tbridge.chain.testing.Chains;
import io.tbridge.chain.testing.MutableClock;
import io.tbridge.chain.testing.TestAnvil;
import io.tbridge.chain.testing.TestSigner;
import io.tbridge.chain.tx.KeyFileSigner;
import io.tbridge.chain.tx.TransactionSigner;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.relayer.support.GroupKey;
import io.tbridge.relayer.support.RecordingListener;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The submitter sends through whatever {@link TransactionSigner} it is given. */
class SubmitSignerTest {

  /** Not the key of {@link ReleaseSubmitterTest#RELAYER}: a second, independent signer. */
  static final String OTHER_KEY =
      "4444444444444444444444444444444444444444444444444444444444444444";

  @TempDir Path dir;

  private TestAnvil anvil;
  private BridgeFixture dst;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void setUp() {
    anvil = TestAnvil.start(DST);
    dst = BridgeFixture.deploy(anvil, GROUP.address());
    dst.trust(SRC, SRC_BRIDGE);
    dst.fundBridge(BigInteger.TEN.pow(21));
  }

  @AfterEach
  void tearDown() {
    dst.close();
    anvil.close();
  }

  private ReleaseSubmitter submitter(TransactionSigner signer) {
    BridgeFixture.fund(anvil, signer.address());
    return new ReleaseSubmitter(
        ReleaseSubmitterTest.settings(dst.bridge()),
        Chains.eth(anvil.url()),
        Chains.reader(DST, 1, anvil.url()),
        new FilePendingStore(dir, ChainId.of(DST), signer.address()),
        signer,
        listener,
        new SimpleMeterRegistry(),
        clock);
  }

  private SubmitJob job(long nonce, long amount) {
    SignedRelease signed =
        GROUP.sign(
            DST,
            dst.bridge(),
            GroupKey.release(SRC, SRC_BRIDGE, nonce, dst.token(), ALICE, amount));
    return new SubmitJob(
        signed, signed.key().bytes(), new SignedReleaseCodec().encode(signed), () -> {});
  }

  private long sent(Address account) {
    return Chains.eth(anvil.url()).transactionCount(account, BlockRef.LATEST).longValueExact();
  }

  private static void drain(ReleaseSubmitter s) {
    for (int i = 0; i < 20 && s.unfinished() > 0; i++) {
      s.tick();
    }
  }

  @Test
  void shouldReleaseThroughASignerThatIsNotTheFileOne() {
    TestSigner signer = TestSigner.of("0x" + OTHER_KEY);
    ReleaseSubmitter s = submitter(signer);
    assertThat(s.sender()).isEqualTo(signer.address());
    s.submit(job(1, 70));
    drain(s);
    assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(70));
    // Mined from the signer's account, signed by it and nobody else.
    assertThat(sent(signer.address())).isEqualTo(1);
    assertThat(sent(ReleaseSubmitterTest.RELAYER.address())).isZero();
    assertThat(signer.signed()).isEqualTo(1);
  }

  @Test
  void shouldNeverLogOrShowTheFileSignersKey() throws Exception {
    Path keyFile = dir.resolve("sender.key");
    Files.writeString(keyFile, "0x" + OTHER_KEY + "\n");
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("io.tbridge");
    Level before = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(capture);
    try {
      KeyFileSigner signer = KeyFileSigner.read(keyFile);
      ReleaseSubmitter s = submitter(signer);
      s.submit(job(1, 5));
      s.tick();
      // Nothing is mined while mining is off: the stuck transaction is replaced (signed again).
      anvil.call("evm_setAutomine", false);
      s.submit(job(2, 6));
      s.tick();
      clock.advance(Duration.ofMinutes(1));
      s.tick();
      anvil.call("evm_setAutomine", true);
      anvil.mine(1);
      drain(s);
      assertThat(dst.balanceOf(ALICE)).isEqualTo(BigInteger.valueOf(11));
      assertThat(signer.toString()).contains(signer.address().toString()).contains("redacted");
      assertThat(logged).isNotEmpty().anySatisfy(m -> assertThat(m).contains("sent tx"));
      logged.add(signer.toString());
      assertThat(logged)
          .allSatisfy(
              m ->
                  assertThat(m)
                      .doesNotContainIgnoringCase(OTHER_KEY)
                      .doesNotContainIgnoringCase(OTHER_KEY.substring(0, 12)));
    } finally {
      root.removeHandler(capture);
      root.setLevel(before);
    }
  }
}
