package io.tbridge.signer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.tss.protocol.SessionId;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerStateTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Address BRIDGE = Address.of("0x" + "11".repeat(20));
  private static final Address TOKEN = Address.of("0x" + "22".repeat(20));
  private static final Address ALICE = Address.of("0x" + "33".repeat(20));
  private static final Address BOB = Address.of("0x" + "34".repeat(20));

  @TempDir Path dir;

  private static Release release(long nonce, Address recipient, long amount) {
    return new Release(
        ChainId.of(1),
        BRIDGE,
        BigInteger.valueOf(nonce),
        TOKEN,
        recipient,
        BigInteger.valueOf(amount));
  }

  private static SessionId sid(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    return new SessionId(b);
  }

  private static final Hash32 DIGEST = Hash32.of("0x" + "ab".repeat(32));

  @Test
  void aVersion1StateIsMigratedKeepingItsAgreements() throws Exception {
    Path file = dir.resolve("v1.db");
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      st.execute(
          "CREATE TABLE agreement (deposit_id TEXT PRIMARY KEY, release BLOB NOT NULL,"
              + " digest TEXT NOT NULL, at_ms INTEGER NOT NULL)");
      st.execute(
          "CREATE TABLE consumed_presignature (session_id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
              + " at_ms INTEGER NOT NULL)");
      st.execute("CREATE TABLE nonce (r TEXT PRIMARY KEY, session_id TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE session (session_id TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT"
              + " NULL, started_ms INTEGER NOT NULL, outcome TEXT)");
      st.execute(
          "CREATE TABLE parked (deposit_id TEXT PRIMARY KEY, reason TEXT NOT NULL, at_ms INTEGER"
              + " NOT NULL)");
      st.execute(
          "CREATE TABLE signed (deposit_id TEXT PRIMARY KEY, token TEXT NOT NULL, amount TEXT NOT"
              + " NULL, at_ms INTEGER NOT NULL)");
      st.execute("CREATE INDEX signed_by_token ON signed (token, at_ms)");
      st.execute("INSERT INTO schema_version VALUES (1)");
      try (var ins = c.prepareStatement("INSERT INTO agreement VALUES (?, ?, ?, ?)")) {
        Release r = release(1, ALICE, 5);
        ins.setString(1, r.depositId().toString());
        ins.setBytes(2, ReleaseBytes.encode(r));
        ins.setString(3, DIGEST.toString());
        ins.setLong(4, T0.toEpochMilli());
        ins.executeUpdate();
      }
    }
    Release r = release(1, ALICE, 5);
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.agree(r.depositId(), r, DIGEST, T0).outcome())
          .isEqualTo(SignerState.Outcome.ALREADY_AGREED);
      s.rememberLock(r.depositId(), new byte[] {1, 2});
      assertThat(s.verifiedLock(r.depositId()))
          .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
    }
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.verifiedLock(r.depositId())).isPresent();
    }
  }

  @Test
  void aVersion2StateIsMigratedGainingTheRefundTables() throws Exception {
    Path file = dir.resolve("v2.db");
    try (SignerState s = SignerState.open(file)) {
      s.rememberLock(release(1, ALICE, 5).depositId(), new byte[] {3});
    }
    // Make it a version-2 state without the refund tables, as an older node left it.
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement st = c.createStatement()) {
      st.execute("DROP TABLE refund");
      st.execute("DROP TABLE void_scan");
      st.execute("UPDATE schema_version SET version = 2");
    }
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.verifiedLock(release(1, ALICE, 5).depositId())).isPresent();
      assertThat(s.refunds().agree(release(1, ALICE, 5).depositId(), DIGEST, T0)).isTrue();
    }
  }

  @Test
  void aDepositHasOneRefundOnRecordAndItsVoidSearchResumesWhereItStopped() {
    Path file = dir.resolve("refunds.db");
    DepositId id = release(1, ALICE, 5).depositId();
    Hash32 other = Hash32.of("0x" + "cd".repeat(32));
    io.tbridge.core.ChainId b = io.tbridge.core.ChainId.of(31338);
    try (SignerState s = SignerState.open(file)) {
      RefundLedger ledger = s.refunds();
      assertThat(ledger.entry(id)).isEmpty();
      assertThat(ledger.agree(id, DIGEST, T0)).isTrue();
      assertThat(ledger.agree(id, DIGEST, T0)).as("the same refund again").isTrue();
      assertThat(ledger.agree(id, other, T0)).as("another refund of the deposit").isFalse();
      assertThat(ledger.entry(id).orElseThrow().status()).isEqualTo(RefundLedger.Status.AGREED);
      assertThat(ledger.nextVoidBlock(b)).isEmpty();
      ledger.searchedVoidsUpTo(b, 42);
      ledger.searchedVoidsUpTo(b, 57);
    }
    try (SignerState s = SignerState.open(file)) {
      RefundLedger ledger = s.refunds();
      assertThat(ledger.nextVoidBlock(b)).hasValue(57);
      assertThat(ledger.agree(id, other, T0)).as("still refused after a restart").isFalse();
      ledger.done(id, "signed by [1, 2]", T0);
      ledger.done(id, "parked", T0); // the first outcome stays
      RefundLedger.Entry e = ledger.entry(id).orElseThrow();
      assertThat(e.status()).isEqualTo(RefundLedger.Status.DONE);
      assertThat(e.outcome()).hasValue("signed by [1, 2]");
      assertThat(e.digest()).isEqualTo(DIGEST);
    }
  }

  @Test
  void aSingleRequestIsTakenUpOncePerVerifiedDepositAcrossRestarts() {
    Path file = dir.resolve("state.db");
    Release r = release(1, ALICE, 5);
    Release other = release(2, BOB, 5);
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.takeSingleRequest(r.depositId(), T0)).as("not verified here").isFalse();
      s.rememberLock(r.depositId(), new byte[] {1});
      // The first verified lock stays.
      s.rememberLock(r.depositId(), new byte[] {2});
      assertThat(s.verifiedLock(r.depositId()))
          .hasValueSatisfying(b -> assertThat(b).containsExactly(1));
      assertThat(s.verifiedLock(other.depositId())).isEmpty();
      assertThat(s.takeSingleRequest(r.depositId(), T0)).isTrue();
      assertThat(s.takeSingleRequest(r.depositId(), T0)).isFalse();
    }
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.takeSingleRequest(r.depositId(), T0.plusSeconds(60))).isFalse();
    }
  }

  @Test
  void aTakenUpSingleStaysUnfinishedAcrossRestartsUntilDone() {
    Path file = dir.resolve("state.db");
    Release r = release(1, ALICE, 5);
    Release other = release(2, BOB, 5);
    try (SignerState s = SignerState.open(file)) {
      s.rememberLock(r.depositId(), new byte[] {1});
      s.rememberLock(other.depositId(), new byte[] {2});
      s.singleDone(other.depositId(), T0); // never requested: not recorded
      assertThat(s.unfinishedSingles()).isEmpty();
      assertThat(s.takeSingleRequest(r.depositId(), T0)).isTrue();
      assertThat(s.takeSingleRequest(other.depositId(), T0)).isTrue();
    }
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.unfinishedSingles()).hasSize(2);
      s.singleDone(other.depositId(), T0);
    }
    try (SignerState s = SignerState.open(file)) {
      assertThat(s.unfinishedSingles())
          .singleElement()
          .satisfies(b -> assertThat(b).containsExactly(1));
    }
  }

  @Test
  void shouldRunInWalModeWithFullSync() {
    try (SignerState s = SignerState.open(dir.resolve("state.db"))) {
      assertThat(s.pragma("journal_mode")).isEqualTo("wal");
      assertThat(s.pragma("synchronous")).isEqualTo("2");
    }
  }

  @Test
  void security21ShouldRefuseADifferentPayloadForTheSameDepositAndKeepTheFirst() {
    Path f = dir.resolve("state.db");
    Release first = release(7, ALICE, 100);
    try (SignerState s = SignerState.open(f)) {
      assertThat(s.agree(first.depositId(), first, DIGEST, T0).outcome())
          .isEqualTo(SignerState.Outcome.AGREED_NOW);
      assertThat(s.agree(first.depositId(), first, DIGEST, T0).outcome())
          .isEqualTo(SignerState.Outcome.ALREADY_AGREED);
      for (Release other : List.of(release(7, BOB, 100), release(7, ALICE, 101))) {
        SignerState.Agreement a = s.agree(other.depositId(), other, DIGEST, T0);
        assertThat(a.isConflict()).isTrue();
        assertThat(a.agreed()).isEqualTo(first);
      }
    }
    try (SignerState s = SignerState.open(f)) {
      Release other = release(7, BOB, 100);
      assertThat(s.agree(other.depositId(), other, DIGEST, T0).agreed())
          .as("survives a restart")
          .isEqualTo(first);
    }
  }

  @Test
  void concurrentAgreementsShouldYieldExactlyOneWinner() throws Exception {
    try (SignerState s = SignerState.open(dir.resolve("state.db"))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      ConcurrentLinkedQueue<SignerState.Outcome> outcomes = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < 16; i++) {
        Release r = release(9, i % 2 == 0 ? ALICE : BOB, 100 + i);
        pool.execute(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              outcomes.add(s.agree(r.depositId(), r, DIGEST, T0).outcome());
            });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(outcomes).hasSize(16);
      assertThat(outcomes.stream().filter(o -> o == SignerState.Outcome.AGREED_NOW)).hasSize(1);
    }
  }

  @Test
  void security22APresignatureIsConsumedOnceAndThatSurvivesARestart() {
    Path f = dir.resolve("state.db");
    try (SignerState s = SignerState.open(f)) {
      s.consumePresignature(sid(1), DIGEST, T0);
      assertThatThrownBy(() -> s.consumePresignature(sid(1), DIGEST, T0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already consumed");
    }
    try (SignerState s = SignerState.open(f)) {
      assertThat(s.isConsumed(sid(1))).isTrue();
      assertThat(s.isConsumed(sid(2))).isFalse();
      assertThatThrownBy(() -> s.consumePresignature(sid(1), DIGEST, T0))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void security22ARepeatedNonceIsReported() {
    try (SignerState s = SignerState.open(dir.resolve("state.db"))) {
      assertThat(s.recordNonce(BigInteger.TEN, sid(1))).isTrue();
      assertThat(s.recordNonce(BigInteger.TEN, sid(1))).as("same session again").isTrue();
      assertThat(s.recordNonce(BigInteger.TEN, sid(2))).isFalse();
      assertThat(s.recordNonce(BigInteger.TWO, sid(2))).isTrue();
    }
  }

  @Test
  void sessionsOpenAtACrashComeBackAbandonedOnce() {
    Path f = dir.resolve("state.db");
    try (SignerState s = SignerState.open(f)) {
      s.sessionStarted(sid(1), "presign", "deposit=a", T0);
      s.sessionStarted(sid(2), "sign", "deposit=a", T0);
      s.sessionEnded(sid(2), "completed");
    }
    try (SignerState s = SignerState.open(f)) {
      List<SignerState.SessionRecord> open = s.abandonOpenSessions();
      assertThat(open).extracting(SignerState.SessionRecord::sessionId).containsExactly(sid(1));
      assertThat(s.abandonOpenSessions()).isEmpty();
      assertThat(s.wasStarted(sid(1))).isTrue();
      assertThat(s.wasStarted(sid(3))).isFalse();
    }
  }

  @Test
  void parkingIsDurableUntilAnOperatorUnparks() {
    Path f = dir.resolve("state.db");
    Release r = release(3, ALICE, 5);
    try (SignerState s = SignerState.open(f)) {
      s.park(r.depositId(), "5 attempts failed", T0);
      s.park(r.depositId(), "later reason", T0.plusSeconds(1));
    }
    try (SignerState s = SignerState.open(f)) {
      assertThat(s.parked(r.depositId()))
          .get()
          .extracting(SignerState.Parked::reason)
          .isEqualTo("5 attempts failed");
      assertThat(s.parkedDeposits()).hasSize(1);
      assertThat(s.unpark(r.depositId())).isTrue();
      assertThat(s.parked(r.depositId())).isEmpty();
    }
  }

  @Test
  void theSignedLedgerCountsADepositOnceWithinTheWindow() {
    try (SignerState s = SignerState.open(dir.resolve("state.db"))) {
      Release a = release(1, ALICE, 40);
      Release b = release(2, ALICE, 2);
      s.recordSigned(a.depositId(), TOKEN, a.amount(), T0);
      s.recordSigned(a.depositId(), TOKEN, a.amount(), T0.plusSeconds(5));
      s.recordSigned(b.depositId(), TOKEN, b.amount(), T0.plus(Duration.ofHours(2)));
      assertThat(s.signedSince(TOKEN, T0.minusSeconds(1))).isEqualTo(BigInteger.valueOf(42));
      assertThat(s.signedSince(TOKEN, T0)).isEqualTo(BigInteger.TWO);
      assertThat(s.signedSince(ALICE, T0.minusSeconds(1))).isZero();
      assertThat(s.wasSigned(a.depositId())).isTrue();
    }
  }

  @Test
  void aFileOfAnotherSchemaIsRefusedWithOneLine() throws Exception {
    Path f = dir.resolve("state.db");
    SignerState.open(f).close();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f);
        var st = c.createStatement()) {
      st.executeUpdate("UPDATE schema_version SET version = 99");
    }
    assertThatThrownBy(() -> SignerState.open(f))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageNotContaining("\n");
    Files.writeString(dir.resolve("garbage.db"), "not a database at all, definitely not");
    assertThatThrownBy(() -> SignerState.open(dir.resolve("garbage.db")))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("garbage.db");
  }
}
