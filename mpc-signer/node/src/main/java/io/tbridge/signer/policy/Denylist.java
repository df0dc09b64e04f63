package io.tbridge.signer.policy;

import io.tbridge.core.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Denied sender/recipient addresses from a file: one address per line, {@code #} comments and blank
 * lines allowed. Mixed-case addresses must carry a valid EIP-55 checksum (a typo must not silently
 * deny nobody). The file is re-read when its modification time or size changes, at most once per
 * {@code recheck}; a file that becomes unreadable or invalid keeps the last good list, with one
 * WARN, and {@link #problem()} says why until it is fixed.
 */
public final class Denylist {

  private static final Logger LOG = Logger.getLogger(Denylist.class);

  private final Optional<Path> file;
  private final Clock clock;
  private final Duration recheck;
  private Set<Address> denied = Set.of();
  private FileTime seenTime;
  private long seenSize = -1;
  private Instant nextCheck = Instant.EPOCH;
  private Optional<String> problem = Optional.empty();

  /** A denylist read from {@code file}, or an empty one when absent. */
  public Denylist(Optional<Path> file, Clock clock, Duration recheck) {
    this.file = file;
    this.clock = clock;
    this.recheck = recheck;
    file.ifPresent(
        f -> {
          reload(f);
          problem.ifPresent(
              p -> {
                throw new IllegalArgumentException(p);
              });
        });
  }

  /** Whether {@code address} is denied (re-reading the file if it changed). */
  public synchronized boolean denies(Address address) {
    refresh();
    return denied.contains(address);
  }

  /** Why the last reload failed, while it keeps failing. */
  public synchronized Optional<String> problem() {
    return problem;
  }

  /** How many addresses are denied. */
  public synchronized int size() {
    return denied.size();
  }

  private void refresh() {
    if (file.isEmpty() || clock.instant().isBefore(nextCheck)) {
      return;
    }
    nextCheck = clock.instant().plus(recheck);
    reload(file.get());
  }

  private void reload(Path f) {
    try {
      FileTime t = Files.getLastModifiedTime(f);
      long size = Files.size(f);
      if (t.equals(seenTime) && size == seenSize) {
        return;
      }
      Set<Address> next = parse(f, Files.readAllLines(f));
      denied = Set.copyOf(next);
      seenTime = t;
      seenSize = size;
      if (problem.isPresent()) {
        LOG.infof("denylist %s readable again: %d addresses", f, denied.size());
      }
      problem = Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      String why =
          e instanceof IOException ? "denylist " + f + " cannot be read: " + e : e.getMessage();
      if (problem.isEmpty() || !problem.get().equals(why)) {
        LOG.warnf("%s; keeping the last good list (%d addresses)", why, denied.size());
      }
      problem = Optional.of(why);
    }
  }

  private static Set<Address> parse(Path f, List<String> lines) {
    Set<Address> out = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (s.isEmpty()) {
        continue;
      }
      Address a;
      try {
        a = Address.of(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "denylist " + f + " line " + (i + 1) + ": not an address");
      }
      String hex = s.substring(2);
      boolean mixed = !hex.equals(hex.toLowerCase()) && !hex.equals(hex.toUpperCase());
      if (mixed && !a.toChecksumHex().equals(s)) {
        throw new IllegalArgumentException(
            "denylist " + f + " line " + (i + 1) + ": bad EIP-55 checksum");
      }
      out.add(a);
    }
    return out;
  }
}
