package io.tbridge.serviceconfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the configuration files an operator names before Quarkus starts: SmallRye skips a missing
 * {@code quarkus.config.locations} file silently, so a typo in the path used to surface as "some
 * required key is missing".
 */
public final class ConfigFiles {

  private ConfigFiles() {}

  /** The first file of {@code quarkus.config.locations} that does not exist, as a message. */
  public static Optional<String> missing() {
    String locations = System.getProperty("quarkus.config.locations");
    String key = "-Dquarkus.config.locations";
    if (locations == null) {
      locations = System.getenv("QUARKUS_CONFIG_LOCATIONS");
      key = "QUARKUS_CONFIG_LOCATIONS";
    }
    if (locations == null) {
      return Optional.empty();
    }
    for (String l : locations.split(",")) {
      String loc = l.strip();
      // Only plain paths and file: URIs can be checked here; classpath/jar/http ones are left to
      // Quarkus.
      if (loc.isEmpty() || (loc.contains(":") && !loc.startsWith("file:"))) {
        continue;
      }
      Path p = Path.of(loc.startsWith("file:") ? loc.substring("file:".length()) : loc);
      if (!Files.exists(p)) {
        return Optional.of(
            "the configuration file "
                + p.toAbsolutePath()
                + " given in "
                + key
                + " does not exist");
      }
    }
    return Optional.empty();
  }
}
