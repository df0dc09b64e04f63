package io.tbridge.core.finality;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one kind of chain decides finality.
 *
 * <p>A block at height {@code h} is final when every signal the mode uses agrees: for {@link
 * FinalityMode#FINALIZED_TAG} {@code h <= finalized}; for {@link FinalityMode#CONFIRMATIONS} at
 * least {@code confirmations} blocks were built on top of it ({@code h + confirmations <= latest});
 * for {@link FinalityMode#BOTH} both conditions.
 *
 * @param name short identifier, e.g. {@code ethereum-pos}
 * @param mode which signals decide finality
 * @param confirmations blocks required on top of a block (0 when the mode ignores depth)
 * @param blockTime typical block interval, a hint for polling
 */
public record ChainProfile(String name, FinalityMode mode, long confirmations, Duration blockTime) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> KEYS =
      Set.of("name", "finality", "confirmations", "block-time-ms");

  /** Validates the name, that depth is set exactly when the mode uses it, and the block time. */
  public ChainProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(blockTime, "blockTime");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "profile name must be lower-case letters, digits and '-', got '" + name + "'");
    }
    if (mode.usesConfirmations() && confirmations < 1) {
      throw new IllegalArgumentException(
          "profile " + name + ": mode " + mode.configName() + " needs confirmations >= 1");
    }
    if (!mode.usesConfirmations() && confirmations != 0) {
      throw new IllegalArgumentException(
          "profile "
              + name
              + ": mode finalized-tag ignores depth; set confirmations to 0 or use mode both");
    }
    if (confirmations > 1_000_000) {
      throw new IllegalArgumentException("profile " + name + ": confirmations too large");
    }
    if (blockTime.isNegative() || blockTime.isZero()) {
      throw new IllegalArgumentException("profile " + name + ": block time must be positive");
    }
  }

  /** A profile that trusts the node's {@code finalized} tag only. */
  public static ChainProfile finalizedTag(String name, Duration blockTime) {
    return new ChainProfile(name, FinalityMode.FINALIZED_TAG, 0, blockTime);
  }

  /** A profile that trusts a confirmation depth only. */
  public static ChainProfile confirmations(String name, long depth, Duration blockTime) {
    return new ChainProfile(name, FinalityMode.CONFIRMATIONS, depth, blockTime);
  }

  /** A profile that needs both the {@code finalized} tag and a confirmation depth. */
  public static ChainProfile both(String name, long depth, Duration blockTime) {
    return new ChainProfile(name, FinalityMode.BOTH, depth, blockTime);
  }

  /**
   * The highest final block number given what a node reported, or empty when nothing is final yet
   * or the node did not report a signal this profile needs (e.g. no finalized tag).
   */
  public OptionalLong finalHead(ChainHead head) {
    long bound = head.latest();
    if (mode.usesFinalizedTag()) {
      if (head.finalized().isEmpty()) {
        return OptionalLong.empty();
      }
      // A finalized block above latest would be a node bug; never trust more than latest.
      bound = Math.min(bound, head.finalized().getAsLong());
    }
    if (mode.usesConfirmations()) {
      bound = Math.min(bound, head.latest() - confirmations);
    }
    return bound < 0 ? OptionalLong.empty() : OptionalLong.of(bound);
  }

  /** Whether block {@code blockNumber} is final given what a node reported. */
  public boolean isFinal(long blockNumber, ChainHead head) {
    OptionalLong fh = finalHead(head);
    return fh.isPresent() && blockNumber <= fh.getAsLong();
  }

  /**
   * Reads a profile from properties: {@code name}, {@code finality} ({@code finalized-tag}, {@code
   * confirmations} or {@code both}), {@code confirmations} (default 0), {@code block-time-ms}.
   * Unknown keys are refused so a typo cannot silently weaken finality.
   */
  public static ChainProfile fromProperties(Properties p) {
    for (String key : p.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown chain profile key '" + key + "', expected one of " + KEYS);
      }
    }
    String name = required(p, "name");
    FinalityMode mode = FinalityMode.fromConfigName(required(p, "finality"));
    long confirmations = parseLong(p.getProperty("confirmations", "0"), "confirmations");
    long blockTimeMs = parseLong(required(p, "block-time-ms"), "block-time-ms");
    return new ChainProfile(name, mode, confirmations, Duration.ofMillis(blockTimeMs));
  }

  /** Reads a profile from a properties reader (see {@link #fromProperties}). */
  public static ChainProfile read(Reader reader) {
    Properties p = new Properties();
    try {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chain profile", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed chain profile: " + e.getMessage(), e);
    }
    return fromProperties(p);
  }

  /** Reads a profile from a properties file (see {@link #fromProperties}). */
  public static ChainProfile load(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chain profile " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The profile as properties, the inverse of {@link #fromProperties}. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("name", name);
    p.setProperty("finality", mode.configName());
    p.setProperty("confirmations", Long.toString(confirmations));
    p.setProperty("block-time-ms", Long.toString(blockTime.toMillis()));
    return p;
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("chain profile key '" + key + "' is required");
    }
    return v.trim();
  }

  private static long parseLong(String v, String key) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "chain profile key '" + key + "' must be an integer, got '" + v + "'", e);
    }
  }
}
