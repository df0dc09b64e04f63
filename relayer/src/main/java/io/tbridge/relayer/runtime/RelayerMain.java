package io.tbridge.relayer.runtime;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tbridge.serviceconfig.ConfigFiles;
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
    Optional<String> missing = ConfigFiles.missing();
    if (missing.isPresent()) {
      System.err.println("ERROR relayer cannot start: " + missing.get());
      System.exit(2);
    }
    Quarkus.run(args);
  }
}
