package io.tbridge.signer.runtime;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tbridge.serviceconfig.ConfigFiles;
import java.util.Optional;

/**
 * The node's entry point: refuses a configuration file that does not exist before Quarkus starts.
 */
@QuarkusMain
public final class SignerMain {

  private SignerMain() {}

  /** Checks the configuration files named by {@code quarkus.config.locations}, then runs. */
  public static void main(String... args) {
    Optional<String> missing = ConfigFiles.missing();
    if (missing.isPresent()) {
      System.err.println("ERROR signer cannot start: " + missing.get());
      System.exit(2);
    }
    Quarkus.run(args);
  }
}
