package io.tbridge.relayer.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePendingStoreTest {

  static final Address SENDER = Address.of("0x00000000000000000000000000000000000000aa");

  @TempDir Path dir;

  private static PendingSubmission pending(long nonce) {
    return new PendingSubmission(
        BigInteger.valueOf(nonce),
        List.of(DepositId.of(Hash32.of("0x" + "ab".repeat(32)))),
        List.of(Hash32.of("0x" + "01".repeat(32)), Hash32.of("0x" + "02".repeat(32))),
        BigInteger.valueOf(120_000),
        new Fees(BigInteger.valueOf(30_000_000_000L), BigInteger.valueOf(1_000_000_000L)),
        new byte[] {1, 2, 3},
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void shouldKeepPendingSubmissionsPerChainAndSenderAcrossInstances() {
    new FilePendingStore(dir, ChainId.of(1), SENDER).save(pending(7));
    new FilePendingStore(dir, ChainId.of(1), SENDER).save(pending(3));
    new FilePendingStore(dir, ChainId.of(2), SENDER).save(pending(9));

    List<PendingSubmission> loaded = new FilePendingStore(dir, ChainId.of(1), SENDER).load();
    assertThat(loaded)
        .extracting(PendingSubmission::nonce)
        .containsExactly(BigInteger.valueOf(3), BigInteger.valueOf(7));
    PendingSubmission p = loaded.get(1);
    assertThat(p.hashes()).isEqualTo(pending(7).hashes());
    assertThat(p.depositIds()).isEqualTo(pending(7).depositIds());
    assertThat(p.fees()).isEqualTo(pending(7).fees());
    assertThat(p.data()).containsExactly(1, 2, 3);
    assertThat(p.lastSent()).isEqualTo(pending(7).lastSent());

    new FilePendingStore(dir, ChainId.of(1), SENDER).remove(BigInteger.valueOf(3));
    assertThat(new FilePendingStore(dir, ChainId.of(1), SENDER).load()).hasSize(1);
  }

  @Test
  void shouldRefuseACorruptFileWithAClearError() throws Exception {
    FilePendingStore store = new FilePendingStore(dir, ChainId.of(1), SENDER);
    store.save(pending(1));
    try (var files = Files.list(dir)) {
      Path f = files.filter(x -> x.toString().endsWith(".pending")).findFirst().orElseThrow();
      Files.writeString(f, "nonce=1\n");
    }
    assertThatThrownBy(store::load)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupt")
        .hasMessageContaining("missing");
  }

  @Test
  void shouldKeepAPrewarmTransactionAndStillRequireDepositsOfARelease() throws Exception {
    FilePendingStore store = new FilePendingStore(dir, ChainId.of(1), SENDER);
    PendingSubmission r = pending(4);
    PendingSubmission prewarm =
        new PendingSubmission(
            BigInteger.valueOf(5),
            List.of(),
            r.hashes(),
            r.gasLimit(),
            r.fees(),
            r.data(),
            r.lastSent());
    store.save(r);
    store.save(prewarm);
    assertThat(store.load()).extracting(PendingSubmission::prewarm).containsExactly(false, true);
    // A release file that lost its deposits is corrupt, not silently a prewarm.
    Path f = dir.resolve("chain-1-" + SENDER.toLowerHex() + "-nonce-4.pending");
    Files.writeString(
        f,
        Files.readString(f).lines().filter(l -> !l.startsWith("deposits=")).toList().stream()
            .reduce("", (a, b) -> a + b + "\n"));
    assertThatThrownBy(store::load)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupt: missing deposits");
  }
}
