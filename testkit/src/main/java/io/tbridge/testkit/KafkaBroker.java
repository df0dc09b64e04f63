package io.tbridge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) started as a
 * separate JVM from the Maven Central jars, listening on free 127.0.0.1 ports.
 *
 * <p>The broker runs in its own process so that its Scala dependencies never share a classpath with
 * the code under test; its classpath comes from a resource file written at build time. Close it to
 * stop the process and delete its data directory.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path workDir;
  private final int port;
  private final Process process;
  private final Thread shutdownHook;

  private KafkaBroker(Path workDir, int port, Process process, Thread shutdownHook) {
    this.workDir = workDir;
    this.port = port;
    this.process = process;
    this.shutdownHook = shutdownHook;
  }

  /** Starts a broker with default settings and waits until it answers admin requests. */
  public static KafkaBroker start() {
    return start(Map.of());
  }

  /**
   * Starts a broker with extra server properties (they override the defaults) and waits until it
   * answers admin requests.
   */
  public static KafkaBroker start(Map<String, String> extraServerProperties) {
    return start(freePort(), extraServerProperties);
  }

  /**
   * Starts a broker whose client port is {@code port} (for tests of a client that was told this
   * address before any broker listened there) and waits until it answers admin requests.
   */
  public static KafkaBroker startOn(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    return start(port, Map.of());
  }

  /**
   * Starts a broker whose data lives in a new directory inside {@code parent} (deleted again when
   * it stops) and waits until it answers admin requests.
   */
  public static KafkaBroker startIn(Path parent) {
    return start(freePort(), Map.of(), Optional.of(parent));
  }

  private static KafkaBroker start(int port, Map<String, String> extraServerProperties) {
    return start(port, extraServerProperties, Optional.empty());
  }

  private static KafkaBroker start(
      int port, Map<String, String> extraServerProperties, Optional<Path> parent) {
    Path workDir;
    try {
      workDir =
          parent.isPresent()
              ? Files.createTempDirectory(Files.createDirectories(parent.get()), "kafka-")
              : Files.createTempDirectory("tbridge-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
    }
    Process process = null;
    Thread hook = null;
    try {
      int controllerPort = freePort();
      while (controllerPort == port) {
        controllerPort = freePort();
      }
      Path config = writeServerProperties(workDir, port, controllerPort, extraServerProperties);
      Path log4j = writeLog4jConfig(workDir);
      String classpath = brokerClasspath();

      runToCompletion(
          workDir,
          javaCommand(
              classpath,
              log4j,
              "kafka.tools.StorageTool",
              "format",
              // One token: a random id may start with '-', which the tool would read as a flag.
              "--cluster-id=" + clusterId(),
              "-c",
              config.toString()),
          "format.out");

      process =
          // Under the watchdog: a broker never outlives the JVM that started it, even a
          // SIGKILLed one (the devnet's launcher).
          new ProcessBuilder(
                  Watchdog.wrap(
                      "kafka", javaCommand(classpath, log4j, "kafka.Kafka", config.toString())))
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("broker.out").toFile())
              .start();
      Process started = process;
      hook = new Thread(() -> Watchdog.kill(started), "kafka-broker-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);

      awaitReady(process, port, workDir);
      return new KafkaBroker(workDir, port, process, hook);
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new UncheckedIOException("cannot start the Kafka broker process", e);
    } catch (RuntimeException | Error e) {
      if (process != null) {
        stop(process);
      }
      if (hook != null) {
        removeHook(hook);
      }
      deleteRecursively(workDir);
      throw e;
    }
  }

  /** The {@code bootstrap.servers} value for clients: {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's client port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Creates the topics (if absent) with the given partition count and replication factor 1. */
  public void createTopics(int partitions, String... topics) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    try (Admin admin = Admin.create(adminConfig(port))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, partitions, (short) 1));
      }
      try {
        admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topics " + List.of(topics), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating topics " + List.of(topics), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topics", e);
      }
    }
  }

  /** Whether the broker process is still running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the broker process and deletes its data directory. */
  @Override
  public void close() {
    stop(process);
    removeHook(shutdownHook);
    deleteRecursively(workDir);
  }

  private static void stop(Process process) {
    Watchdog.stop(process, Duration.ofSeconds(15));
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway; nothing to undo.
    }
  }

  private static void awaitReady(Process process, int port, Path workDir) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Map<String, Object> config = adminConfig(port);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    try (Admin admin = Admin.create(config)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with code "
                  + process.exitValue()
                  + ":\n"
                  + tail(workDir.resolve("broker.out")));
        }
        try {
          admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(
                "Kafka broker not ready after "
                    + START_TIMEOUT
                    + ":\n"
                    + tail(workDir.resolve("broker.out")));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
      }
    }
  }

  private static Map<String, Object> adminConfig(int port) {
    Map<String, Object> config = new java.util.HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "testkit-admin");
    return config;
  }

  private static Path writeServerProperties(
      Path workDir, int port, int controllerPort, Map<String, String> extra) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", workDir.resolve("data").toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("auto.create.topics.enable", "true");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "3");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    // Tests join groups one consumer at a time: waiting for more members only adds latency.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.putAll(extra);
    Path file = workDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "tbridge testkit single-node KRaft broker");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Path writeLog4jConfig(Path workDir) {
    Path file = workDir.resolve("log4j2.properties");
    String content =
        String.join(
            "\n",
            "status = warn",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = " + workDir.resolve("broker.log"),
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d %-5p [%c{1}] %m%n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.file.ref = file",
            "");
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static List<String> javaCommand(
      String classpath, Path log4j, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms128m");
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void runToCompletion(Path workDir, List<String> command, String outputName) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve(outputName).toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Kafka storage format timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "Kafka storage format failed:\n" + tail(workDir.resolve(outputName)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run java for Kafka", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
  }

  private static String brokerClasspath() {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource "
                + CLASSPATH_RESOURCE
                + " missing: build the testkit module with Maven (generate-resources)");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (classpath.isEmpty()) {
        throw new IllegalStateException("resource " + CLASSPATH_RESOURCE + " is empty");
      }
      return classpath;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. */
  private static String clusterId() {
    UUID uuid = UUID.randomUUID();
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
    buf.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(KafkaBroker::deleteQuietly);
    } catch (IOException e) {
      // Best effort: a leftover temp directory must not fail the test that closed the broker.
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Best effort, see deleteRecursively.
    }
  }
}
