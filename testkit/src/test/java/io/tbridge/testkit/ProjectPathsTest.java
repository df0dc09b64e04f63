package io.tbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectPathsTest {

  @Test
  void shouldFindRepoRootAboveModuleDirectory() {
    Path root = ProjectPaths.repoRoot();
    assertThat(root.resolve("contracts/package.json")).isRegularFile();
    assertThat(ProjectPaths.findRepoRoot(root.resolve("testkit/src/main"))).contains(root);
    assertThat(ProjectPaths.anvilBinary())
        .isEqualTo(root.resolve("contracts/node_modules/.bin/anvil"));
  }

  @Test
  void shouldFindNothingOutsideTheRepository(@TempDir Path elsewhere) throws Exception {
    Files.writeString(elsewhere.resolve("pom.xml"), "<project/>");
    assertThat(ProjectPaths.findRepoRoot(elsewhere)).isEmpty();
  }

  @Test
  void shouldHandOutBindableLoopbackPorts() throws Exception {
    int port = FreePorts.loopback();
    assertThat(port).isBetween(1024, 65535);
    try (var socket =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
