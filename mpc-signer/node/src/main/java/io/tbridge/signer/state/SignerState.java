package io.tbridge.signer.state;

import io.tbridge.core.Address;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.tss.protocol.SessionId;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signer's durable memory, in one SQLite file (WAL journal, {@code synchronous=FULL}: every
 * commit is on disk before the call returns).
 *
 * <p>Why SQLite: one writer, a few rows per deposit, real transactions, an fsync per commit, a
 * single file an operator can inspect with {@code sqlite3}, and no native build beyond the JDBC jar
 * that bundles the library. RocksDB would give the same durability with more moving parts (column
 * families, its own WAL settings) for write rates a signer never reaches.
 *
 * <p>What it keeps: the one release agreed per deposit (SECURITY 21), the presignatures consumed
 * (SECURITY 22: written before a partial signature leaves the process), every signature nonce r (a
 * repeat is an alert), the sessions journal (sessions open at a crash are abandoned at the next
 * start, never resumed), parked deposits, and the signed ledger behind the node's own 24 h cap.
 * Methods are synchronized: this is not a hot path, and one connection serializes writes anyway.
 */
public final class SignerState implements AutoCloseable, SignedLedger {

  private static final int SCHEMA_VERSION = 3;

  private final Connection db;
  private final Path file;
  private final RefundLedger refunds = new RefundLedger(this);

  /** The outcome of {@link #agree}. */
  public enum Outcome {
    /** First release seen for the deposit; recorded. */
    AGREED_NOW,
    /** The same release was agreed before; it may be signed again (alone or in a batch). */
    ALREADY_AGREED,
    /** Another release was agreed for this deposit; nothing changed. */
    CONFLICT
  }

  /**
   * The result of {@link #agree}.
   *
   * @param outcome what happened
   * @param agreed the release on record for the deposit (the earlier one on a conflict)
   */
  public record Agreement(Outcome outcome, Release agreed) {
    /** Whether a different release was agreed before. */
    public boolean isConflict() {
      return outcome == Outcome.CONFLICT;
    }
  }

  /**
   * A session that was open when the node stopped.
   *
   * @param sessionId the session
   * @param kind presign, sign, keygen, aux-info
   * @param label the deposit or ceremony it served
   * @param startedAt when it started
   */
  public record SessionRecord(SessionId sessionId, String kind, String label, Instant startedAt) {}

  /**
   * A deposit the node gave up on, kept for an operator.
   *
   * @param depositId the deposit
   * @param reason why
   * @param at when
   */
  public record Parked(DepositId depositId, String reason, Instant at) {}

  private SignerState(Connection db, Path file) {
    this.db = db;
    this.file = file;
  }

  /**
   * Opens (creating if needed) the state file.
   *
   * @throws StateException with one line naming the file if it cannot be opened or is of another
   *     schema version
   */
  public static SignerState open(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=5000");
      }
      SignerState state = new SignerState(c, file);
      state.migrate();
      return state;
    } catch (SQLException | java.io.IOException e) {
      throw new StateException("cannot open signer state " + file + ": " + e.getMessage(), e);
    }
  }

  private void migrate() throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      try (ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
        if (r.next()) {
          int v = r.getInt(1);
          if (v == 1 || v == 2) {
            r.close();
            migrateFrom(v, s);
            return;
          }
          if (v != SCHEMA_VERSION) {
            throw new StateException(
                "signer state "
                    + file
                    + " has schema version "
                    + v
                    + ", this node reads "
                    + SCHEMA_VERSION,
                null);
          }
          r.close();
          createSingleDone(s); // a v2 state written before the table existed
          return;
        }
      }
      db.setAutoCommit(false);
      s.execute(
          "CREATE TABLE agreement (deposit_id TEXT PRIMARY KEY, release BLOB NOT NULL,"
              + " digest TEXT NOT NULL, at_ms INTEGER NOT NULL)");
      s.execute(
          "CREATE TABLE consumed_presignature (session_id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
              + " at_ms INTEGER NOT NULL)");
      s.execute("CREATE TABLE nonce (r TEXT PRIMARY KEY, session_id TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE session (session_id TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL,"
              + " started_ms INTEGER NOT NULL, outcome TEXT)");
      s.execute(
          "CREATE TABLE parked (deposit_id TEXT PRIMARY KEY, reason TEXT NOT NULL, at_ms INTEGER NOT NULL)");
      s.execute(
          "CREATE TABLE signed (deposit_id TEXT PRIMARY KEY, token TEXT NOT NULL, amount TEXT NOT NULL,"
              + " at_ms INTEGER NOT NULL)");
      s.execute("CREATE INDEX signed_by_token ON signed (token, at_ms)");
      createLockHints(s);
      RefundLedger.createTables(s);
      s.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
      db.commit();
      db.setAutoCommit(true);
    }
  }

  /**
   * Version 2 adds the verified lock of each agreed deposit (for requests of single releases);
   * version 3 the refunds of voided deposits and how far each chain was searched for voids.
   */
  private void migrateFrom(int version, Statement s) throws SQLException {
    db.setAutoCommit(false);
    if (version == 1) {
      createLockHints(s);
    } else {
      createSingleDone(s); // a v2 state written before the table existed
    }
    RefundLedger.createTables(s);
    s.execute("UPDATE schema_version SET version = " + SCHEMA_VERSION);
    db.commit();
    db.setAutoCommit(true);
  }

  private static void createLockHints(Statement s) throws SQLException {
    s.execute(
        "CREATE TABLE lock_hint (deposit_id TEXT PRIMARY KEY, hint BLOB NOT NULL,"
            + " single_requested_ms INTEGER)");
    createSingleDone(s);
  }

  /** Requested singles that need nothing more here (signed alone, or released). */
  private static void createSingleDone(Statement s) throws SQLException {
    s.execute(
        "CREATE TABLE IF NOT EXISTS single_done (deposit_id TEXT PRIMARY KEY,"
            + " at_ms INTEGER NOT NULL)");
  }

  /**
   * Keeps the lock {@code hint} that this node verified for {@code id} (encoded as on the locks
   * topic), so that a later request for a single release can be verified again from it. The first
   * verified hint stays: only a hint whose release was agreed is ever passed here.
   */
  public synchronized void rememberLock(DepositId id, byte[] hint) {
    tx(
        () -> {
          try (PreparedStatement ins =
              db.prepareStatement(
                  "INSERT OR IGNORE INTO lock_hint (deposit_id, hint) VALUES (?, ?)")) {
            ins.setString(1, id.toString());
            ins.setBytes(2, hint);
            ins.executeUpdate();
          }
          return null;
        });
  }

  /** The lock hint this node verified for {@code id}, if it verified one. */
  public synchronized Optional<byte[]> verifiedLock(DepositId id) {
    return tx(
        () -> {
          try (PreparedStatement q =
              db.prepareStatement("SELECT hint FROM lock_hint WHERE deposit_id = ?")) {
            q.setString(1, id.toString());
            try (ResultSet r = q.executeQuery()) {
              return r.next() ? Optional.of(r.getBytes(1)) : Optional.<byte[]>empty();
            }
          }
        });
  }

  /**
   * Records that a single release of {@code id} was requested and taken up; true only the first
   * time (a deposit is re-signed alone at most once, however often it is requested) and only for a
   * deposit whose lock this node verified.
   */
  public synchronized boolean takeSingleRequest(DepositId id, Instant at) {
    return tx(
        () -> {
          try (PreparedStatement u =
              db.prepareStatement(
                  "UPDATE lock_hint SET single_requested_ms = ?"
                      + " WHERE deposit_id = ? AND single_requested_ms IS NULL")) {
            u.setLong(1, at.toEpochMilli());
            u.setString(2, id.toString());
            return u.executeUpdate() == 1;
          }
        });
  }

  /**
   * Records that the single release requested for {@code id} needs nothing more here (it was signed
   * alone, or the deposit is released); a deposit never requested is not recorded.
   */
  public synchronized void singleDone(DepositId id, Instant at) {
    tx(
        () -> {
          try (PreparedStatement ins =
              db.prepareStatement(
                  "INSERT OR IGNORE INTO single_done (deposit_id, at_ms) SELECT deposit_id, ? FROM"
                      + " lock_hint WHERE deposit_id = ? AND single_requested_ms IS NOT NULL")) {
            ins.setLong(1, at.toEpochMilli());
            ins.setString(2, id.toString());
            ins.executeUpdate();
          }
          return null;
        });
  }

  /**
   * The kept lock hints of deposits whose single release was taken up and is not done: a restart
   * must not lose them, since the request itself is read only once.
   */
  public synchronized List<byte[]> unfinishedSingles() {
    return tx(
        () -> {
          List<byte[]> out = new ArrayList<>();
          try (PreparedStatement q =
              db.prepareStatement(
                  "SELECT hint FROM lock_hint WHERE single_requested_ms IS NOT NULL AND deposit_id"
                      + " NOT IN (SELECT deposit_id FROM single_done) ORDER BY single_requested_ms")) {
            try (ResultSet r = q.executeQuery()) {
              while (r.next()) {
                out.add(r.getBytes(1));
              }
            }
          }
          return out;
        });
  }

  /**
   * Records {@code release} as the one release of {@code id}, unless one is on record already.
   * Compares the whole release, field by field, not only the digest.
   */
  public synchronized Agreement agree(DepositId id, Release release, Hash32 digest, Instant at) {
    Objects.requireNonNull(release, "release");
    if (!release.depositId().equals(id)) {
      throw new IllegalArgumentException("release " + release + " is not of deposit " + id);
    }
    byte[] encoded = ReleaseBytes.encode(release);
    return tx(
        () -> {
          try (PreparedStatement q =
              db.prepareStatement("SELECT release FROM agreement WHERE deposit_id = ?")) {
            q.setString(1, id.toString());
            try (ResultSet r = q.executeQuery()) {
              if (r.next()) {
                byte[] stored = r.getBytes(1);
                Release agreed = ReleaseBytes.decode(stored);
                return new Agreement(
                    java.util.Arrays.equals(stored, encoded)
                        ? Outcome.ALREADY_AGREED
                        : Outcome.CONFLICT,
                    agreed);
              }
            }
          }
          try (PreparedStatement ins =
              db.prepareStatement("INSERT INTO agreement VALUES (?, ?, ?, ?)")) {
            ins.setString(1, id.toString());
            ins.setBytes(2, encoded);
            ins.setString(3, digest.toString());
            ins.setLong(4, at.toEpochMilli());
            ins.executeUpdate();
          }
          return new Agreement(Outcome.AGREED_NOW, release);
        });
  }

  /**
   * Records, durably, that the presignature of {@code presignSession} is spent on {@code digest}.
   * Call before the partial signature can leave the process.
   *
   * @throws IllegalStateException if it was consumed before
   */
  public synchronized void consumePresignature(
      SessionId presignSession, Hash32 digest, Instant at) {
    tx(
        () -> {
          if (isConsumedQuery(presignSession)) {
            throw new IllegalStateException(
                "presignature " + presignSession.hex() + " already consumed");
          }
          try (PreparedStatement ins =
              db.prepareStatement("INSERT INTO consumed_presignature VALUES (?, ?, ?)")) {
            ins.setString(1, presignSession.hex());
            ins.setString(2, digest.toString());
            ins.setLong(3, at.toEpochMilli());
            ins.executeUpdate();
          }
          return null;
        });
  }

  /** Whether the presignature of {@code presignSession} was consumed. */
  public synchronized boolean isConsumed(SessionId presignSession) {
    return tx(() -> isConsumedQuery(presignSession));
  }

  private boolean isConsumedQuery(SessionId id) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement("SELECT 1 FROM consumed_presignature WHERE session_id = ?")) {
      q.setString(1, id.hex());
      try (ResultSet r = q.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * Records the nonce r of a signature made in {@code signSession}. Returns false, keeping the
   * first record, if the same r was already recorded for another session: a reused nonce.
   */
  public synchronized boolean recordNonce(BigInteger r, SessionId signSession) {
    return tx(
        () -> {
          String hex = r.toString(16);
          try (PreparedStatement q =
              db.prepareStatement("SELECT session_id FROM nonce WHERE r = ?")) {
            q.setString(1, hex);
            try (ResultSet rs = q.executeQuery()) {
              if (rs.next()) {
                return rs.getString(1).equals(signSession.hex());
              }
            }
          }
          try (PreparedStatement ins = db.prepareStatement("INSERT INTO nonce VALUES (?, ?)")) {
            ins.setString(1, hex);
            ins.setString(2, signSession.hex());
            ins.executeUpdate();
          }
          return true;
        });
  }

  /** Journals the start of a session. */
  public synchronized void sessionStarted(SessionId id, String kind, String label, Instant at) {
    tx(
        () -> {
          try (PreparedStatement ins =
              db.prepareStatement(
                  "INSERT OR IGNORE INTO session (session_id, kind, label, started_ms) VALUES (?, ?, ?, ?)")) {
            ins.setString(1, id.hex());
            ins.setString(2, kind);
            ins.setString(3, label);
            ins.setLong(4, at.toEpochMilli());
            ins.executeUpdate();
          }
          return null;
        });
  }

  /** Journals the end of a session with {@code outcome} (completed, aborted, timeout, …). */
  public synchronized void sessionEnded(SessionId id, String outcome) {
    tx(
        () -> {
          try (PreparedStatement up =
              db.prepareStatement("UPDATE session SET outcome = ? WHERE session_id = ?")) {
            up.setString(1, outcome);
            up.setString(2, id.hex());
            up.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Whether a session with this id was ever started here (a restarted node never re-enters one).
   */
  public synchronized boolean wasStarted(SessionId id) {
    return tx(
        () -> {
          try (PreparedStatement q =
              db.prepareStatement("SELECT 1 FROM session WHERE session_id = ?")) {
            q.setString(1, id.hex());
            try (ResultSet r = q.executeQuery()) {
              return r.next();
            }
          }
        });
  }

  /** Marks every session still open (a crash) as abandoned and returns them; call at start-up. */
  public synchronized List<SessionRecord> abandonOpenSessions() {
    return tx(
        () -> {
          List<SessionRecord> open = new ArrayList<>();
          try (Statement s = db.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT session_id, kind, label, started_ms FROM session WHERE outcome IS NULL")) {
            while (r.next()) {
              open.add(
                  new SessionRecord(
                      new SessionId(java.util.HexFormat.of().parseHex(r.getString(1))),
                      r.getString(2),
                      r.getString(3),
                      Instant.ofEpochMilli(r.getLong(4))));
            }
          }
          try (Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE session SET outcome = 'abandoned' WHERE outcome IS NULL");
          }
          return open;
        });
  }

  /** Parks {@code id} for an operator (idempotent: the first reason stays). */
  public synchronized void park(DepositId id, String reason, Instant at) {
    tx(
        () -> {
          try (PreparedStatement ins =
              db.prepareStatement("INSERT OR IGNORE INTO parked VALUES (?, ?, ?)")) {
            ins.setString(1, id.toString());
            ins.setString(2, reason);
            ins.setLong(3, at.toEpochMilli());
            ins.executeUpdate();
          }
          return null;
        });
  }

  /** The parking record of {@code id}, if parked. */
  public synchronized Optional<Parked> parked(DepositId id) {
    return parkedWhere("WHERE deposit_id = '" + id + "'").stream().findFirst();
  }

  /** Every parked deposit, oldest first. */
  public synchronized List<Parked> parkedDeposits() {
    return parkedWhere("ORDER BY at_ms");
  }

  /** Releases {@code id} from parking (an operator action); returns whether it was parked. */
  public synchronized boolean unpark(DepositId id) {
    return tx(
        () -> {
          try (PreparedStatement d =
              db.prepareStatement("DELETE FROM parked WHERE deposit_id = ?")) {
            d.setString(1, id.toString());
            return d.executeUpdate() == 1;
          }
        });
  }

  private List<Parked> parkedWhere(String where) {
    return tx(
        () -> {
          List<Parked> out = new ArrayList<>();
          try (Statement s = db.createStatement();
              ResultSet r =
                  s.executeQuery("SELECT deposit_id, reason, at_ms FROM parked " + where)) {
            while (r.next()) {
              out.add(
                  new Parked(
                      DepositId.of(Hash32.of(r.getString(1))),
                      r.getString(2),
                      Instant.ofEpochMilli(r.getLong(3))));
            }
          }
          return out;
        });
  }

  /**
   * Records a signed deposit for the rolling cap; a deposit counts once however often it is signed.
   */
  public synchronized void recordSigned(
      DepositId id, Address token, BigInteger amount, Instant at) {
    tx(
        () -> {
          try (PreparedStatement ins =
              db.prepareStatement("INSERT OR IGNORE INTO signed VALUES (?, ?, ?, ?)")) {
            ins.setString(1, id.toString());
            ins.setString(2, token.toLowerHex());
            ins.setString(3, amount.toString());
            ins.setLong(4, at.toEpochMilli());
            ins.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean counted(DepositId id) {
    return wasSigned(id);
  }

  /** Whether this node signed {@code id} before. */
  public synchronized boolean wasSigned(DepositId id) {
    return tx(
        () -> {
          try (PreparedStatement q =
              db.prepareStatement("SELECT 1 FROM signed WHERE deposit_id = ?")) {
            q.setString(1, id.toString());
            try (ResultSet r = q.executeQuery()) {
              return r.next();
            }
          }
        });
  }

  @Override
  public synchronized BigInteger signedSince(Address token, Instant since) {
    return tx(
        () -> {
          BigInteger sum = BigInteger.ZERO;
          try (PreparedStatement q =
              db.prepareStatement("SELECT amount FROM signed WHERE token = ? AND at_ms > ?")) {
            q.setString(1, token.toLowerHex());
            q.setLong(2, since.toEpochMilli());
            try (ResultSet r = q.executeQuery()) {
              while (r.next()) {
                sum = sum.add(new BigInteger(r.getString(1)));
              }
            }
          }
          return sum;
        });
  }

  /** A pragma's current value (for health and tests). */
  public synchronized String pragma(String name) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    return tx(
        () -> {
          try (Statement s = db.createStatement();
              ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getString(1) : "";
          }
        });
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /** The refunds of voided deposits, in this same store. */
  public RefundLedger refunds() {
    return refunds;
  }

  /** Work on this store's connection, for {@link RefundLedger}. */
  interface DbWork<T> {
    T run(Connection db) throws SQLException;
  }

  /** Runs {@code work} in one transaction under this store's lock (for {@link RefundLedger}). */
  synchronized <T> T locked(DbWork<T> work) {
    return tx(() -> work.run(db));
  }

  private <T> T tx(Work<T> work) {
    try {
      db.setAutoCommit(false);
      try {
        T out = work.run();
        db.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StateException("signer state " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StateException("cannot close signer state " + file, e);
    }
  }
}
