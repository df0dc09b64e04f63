package io.tbridge.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the repository and the tools its own setup installs, from any module's directory. */
public final class ProjectPaths {
  private ProjectPaths() {}

  /** The repository root: the nearest ancestor of the working directory that holds one. */
  public static Path repoRoot() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return findRepoRoot(start)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no tbridge repository root (pom.xml next to contracts/package.json) above "
                        + start));
  }

  /** The nearest ancestor of {@code start} (or itself) that is the repository root. */
  public static Optional<Path> findRepoRoot(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isRegularFile(dir.resolve("contracts").resolve("package.json"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** The Foundry project directory. */
  public static Path contractsDir() {
    return repoRoot().resolve("contracts");
  }

  /** Where the pinned npm install puts {@code anvil}; it may not exist yet. */
  public static Path anvilBinary() {
    return contractsDir().resolve("node_modules").resolve(".bin").resolve("anvil");
  }
}
