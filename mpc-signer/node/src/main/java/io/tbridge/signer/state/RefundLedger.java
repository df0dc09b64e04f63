package io.tbridge.signer.state;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The refunds of deposits voided on their destination chain, in the signer's store: the one refund
 * digest this node agreed to sign for each deposit (never another), whether that refund needs
 * nothing more here, and how far each chain was searched for voids.
 */
public final class RefundLedger {

  /** What this node holds on record for one deposit's refund. */
  public enum Status {
    /** Agreed here; not yet signed (or its signature not yet seen). */
    AGREED,
    /** Needs nothing more here: signed, refunded, refused or parked (see the outcome text). */
    DONE
  }

  /**
   * A deposit's refund on record.
   *
   * @param digest the EIP-712 digest of the one refund this node agreed to sign
   * @param status where it stands
   * @param outcome why it is done ("signed", "refunded", "parked: …"), empty while agreed
   */
  public record Entry(Hash32 digest, Status status, Optional<String> outcome) {
    /** Validating constructor. */
    public Entry {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  private final SignerState store;

  RefundLedger(SignerState store) {
    this.store = store;
  }

  static void createTables(Statement s) throws SQLException {
    s.execute(
        "CREATE TABLE refund (deposit_id TEXT PRIMARY KEY, digest TEXT NOT NULL,"
            + " agreed_ms INTEGER NOT NULL, done_ms INTEGER, outcome TEXT)");
    s.execute("CREATE TABLE void_scan (chain_id INTEGER PRIMARY KEY, next_block INTEGER NOT NULL)");
  }

  /**
   * Records {@code digest} as the one refund of {@code id} unless another is on record; true when
   * {@code digest} is (now or already) the agreed one, false on a conflict (nothing changed).
   */
  public boolean agree(DepositId id, Hash32 digest, Instant at) {
    return store.locked(
        db -> {
          Optional<Entry> existing = find(db, id);
          if (existing.isPresent()) {
            return existing.get().digest().equals(digest);
          }
          try (PreparedStatement ins =
              db.prepareStatement(
                  "INSERT INTO refund (deposit_id, digest, agreed_ms) VALUES (?, ?, ?)")) {
            ins.setString(1, id.toString());
            ins.setString(2, digest.toHex());
            ins.setLong(3, at.toEpochMilli());
            ins.executeUpdate();
          }
          return true;
        });
  }

  /** Marks the agreed refund of {@code id} as needing nothing more here, once. */
  public void done(DepositId id, String outcome, Instant at) {
    store.locked(
        db -> {
          try (PreparedStatement u =
              db.prepareStatement(
                  "UPDATE refund SET done_ms = ?, outcome = ? WHERE deposit_id = ?"
                      + " AND done_ms IS NULL")) {
            u.setLong(1, at.toEpochMilli());
            u.setString(2, outcome.length() <= 256 ? outcome : outcome.substring(0, 256));
            u.setString(3, id.toString());
            u.executeUpdate();
          }
          return null;
        });
  }

  /** The refund of {@code id} on record, if any. */
  public Optional<Entry> entry(DepositId id) {
    return store.locked(db -> find(db, id));
  }

  /** The first block of {@code chain} not yet searched for voids, if it was searched before. */
  public OptionalLong nextVoidBlock(ChainId chain) {
    return store.locked(
        db -> {
          try (PreparedStatement q =
              db.prepareStatement("SELECT next_block FROM void_scan WHERE chain_id = ?")) {
            q.setLong(1, chain.value());
            try (ResultSet r = q.executeQuery()) {
              return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
          }
        });
  }

  /** Records that {@code chain} needs searching for voids from {@code next} on. */
  public void searchedVoidsUpTo(ChainId chain, long next) {
    store.locked(
        db -> {
          try (PreparedStatement u =
              db.prepareStatement(
                  "INSERT INTO void_scan (chain_id, next_block) VALUES (?, ?)"
                      + " ON CONFLICT (chain_id) DO UPDATE SET next_block = excluded.next_block")) {
            u.setLong(1, chain.value());
            u.setLong(2, next);
            u.executeUpdate();
          }
          return null;
        });
  }

  private static Optional<Entry> find(java.sql.Connection db, DepositId id) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement("SELECT digest, done_ms, outcome FROM refund WHERE deposit_id = ?")) {
      q.setString(1, id.toString());
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Hash32 digest = Hash32.of(r.getString(1));
        r.getLong(2);
        boolean done = !r.wasNull();
        return Optional.of(
            new Entry(
                digest, done ? Status.DONE : Status.AGREED, Optional.ofNullable(r.getString(3))));
      }
    }
  }
}
