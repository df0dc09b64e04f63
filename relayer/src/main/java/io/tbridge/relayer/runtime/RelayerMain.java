package io.tbridge.relayer.runtime;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The relayer's entry point: refuses a configuration file that does not exist before Quarkus
 * starts. SmallRye skips a missing {@code quarkus.config.locations} file silently, so a typo in the
 * path used to surface as "relayer.kafka.bootstrap-servers is required".
 */
@QuarkusMain
public final class RelayerMain {

  private RelayerMain() {}

  /** Checks the configuration files named by {@code quarkus.config.locations}, then runs. */
  public static void main(String... args) {
    Optional<String> missing = missingConfigFile();
    if (missing.isPresent()) {
      System.err.println("ERROR relayer cannot start: " + missing.get());
      System.exit(2);
    }
    Quarkus.run(args);
  }

  /** The first file of {@code quarkus.config.locations} that does not exist, as a message. */
  static Optional<String> missingConfigFile() {
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
