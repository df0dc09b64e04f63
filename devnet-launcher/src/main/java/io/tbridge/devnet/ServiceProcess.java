package io.tbridge.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tbridge.testkit.FreePorts;
import io.tbridge.testkit.Watchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service (a signer node or the relayer) as its own JVM from its runner jar, configured by one
 * YAML file, its HTTP port on 127.0.0.1, its output in a log file.
 *
 * <p>The JVM runs under the testkit's {@link Watchdog}: when the devnet stops — even by SIGKILL,
 * when no shutdown hook runs — the service gets SIGTERM (SIGKILL after 20 s). So a devnet never
 * leaves a service behind, and a Ctrl-C reaches the services only through the devnet's own stop.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String name;
  private final Path jar;
  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  private ServiceProcess(String name, Path jar, Path config, Path log, int port) {
    this.name = name;
    this.jar = jar;
    this.config = config;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code jar} with {@code config}; its output is appended to {@code log}. */
  public static ServiceProcess start(String name, Path jar, Path config, Path log) {
    ServiceProcess s = new ServiceProcess(name, jar, config, log, FreePorts.loopback());
    s.launch();
    return s;
  }

  private void launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dquarkus.http.host=127.0.0.1");
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(Watchdog.wrap(name, cmd));
    // The user's own RELAYER_* / SIGNER_* / QUARKUS_* variables would override the devnet's files.
    pb.environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("RELAYER_") || k.startsWith("SIGNER_") || k.startsWith("QUARKUS_"));
    pb.environment().put("QUARKUS_CONFIG_LOCATIONS", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** The service's name ({@code signer-1}, {@code relayer}). */
  public String name() {
    return name;
  }

  /** Its HTTP port on 127.0.0.1 (health, metrics). */
  public int port() {
    return port;
  }

  /** Its log file. */
  public Path log() {
    return log;
  }

  /** Whether its JVM is running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * The readiness document ({@code /q/health/ready}) with its HTTP status, if the service answers.
   */
  public Optional<Readiness> readiness() {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Optional.of(new Readiness(r.statusCode() == 200, JSON.readTree(r.body())));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Waits until the service is ready; {@code progress} hears each new status line it reports while
   * it starts (a signer's phase: key ceremony, …).
   *
   * @throws DevnetException if it exits or is not ready within {@code timeout}
   */
  public Readiness awaitReady(Duration timeout, Consumer<String> progress) {
    long until = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < until) {
      if (!isAlive()) {
        throw new DevnetException(
            name + " exited during start: " + lastError() + " (see " + log + ")");
      }
      Optional<Readiness> r = readiness();
      if (r.isPresent() && r.get().up()) {
        return r.get();
      }
      String now = r.map(Readiness::summary).orElse("starting");
      if (!now.equals(last)) {
        progress.accept(now);
        last = now;
      }
      sleep(Duration.ofMillis(300));
    }
    throw new DevnetException(
        name + " not ready within " + timeout + ": " + last + " (see " + log + ")");
  }

  /** Kills the service's JVM with SIGKILL (fault tests); {@link #restart()} starts it again. */
  public void kill() {
    if (process != null) {
      Watchdog.kill(process);
      waitGone(Duration.ofSeconds(10));
    }
  }

  /** Starts the service again with the same configuration and port after it stopped. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  /** Stops the service gracefully (SIGTERM), forcibly after 25 s. */
  public void stop() {
    if (process != null) {
      Watchdog.stop(process, Duration.ofSeconds(25));
    }
  }

  private boolean waitGone(Duration d) {
    try {
      return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The log's last ERROR line (a service says why it cannot start there), else its last line. */
  String lastError() {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).contains(" ERROR ")) {
          return lines.get(i).strip();
        }
      }
      return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1).strip();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevnetException("interrupted");
    }
  }

  /** What {@code /q/health/ready} said. */
  public record Readiness(boolean up, JsonNode document) {
    /** The first check's data as one line (what a starting service is doing). */
    String summary() {
      List<String> parts = new ArrayList<>();
      for (JsonNode c : document.path("checks")) {
        String status = c.path("status").asText();
        JsonNode data = c.path("data");
        String detail =
            data.has("phase")
                ? data.path("phase").asText()
                : data.has("reason") ? data.path("reason").asText() : status;
        parts.add(c.path("name").asText() + ": " + detail);
      }
      return parts.isEmpty() ? "starting" : String.join("; ", parts);
    }

    /** A string field of any check's data, if present. */
    public Optional<String> data(String field) {
      for (JsonNode c : document.path("checks")) {
        JsonNode v = c.path("data").path(field);
        if (!v.isMissingNode()) {
          return Optional.of(v.asText());
        }
      }
      return Optional.empty();
    }
  }
}
