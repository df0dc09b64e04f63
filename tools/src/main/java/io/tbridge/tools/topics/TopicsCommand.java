package io.tbridge.tools.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.tbridge.chain.kafka.KafkaClients;
import io.tbridge.chain.kafka.KafkaSettings;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.SignedReleaseCodec;
import io.tbridge.core.wire.StatusEventCodec;
import io.tbridge.tools.topics.TopicDump.BridgeTopicName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tbridge topics}: dumps and decodes the records of the bridge topics, one JSON object per
 * record on standard output, with the codecs the services use. A record that does not decode is one
 * JSON object with its offset and the decode error, and the dump goes on. It reads outside every
 * consumer group and never commits offsets.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Dumps and decodes the bridge topics (locks, signed releases, status events, requests, signed refunds, dead letters),"
          + " one JSON object per record: topic, partition, offset, timestamp, key, and the"
          + " decoded value or the decode error.",
      "Reads without a consumer group (assigned partitions, no commits): it never moves a"
          + " service's offsets."
    })
public final class TopicsCommand implements Callable<Integer> {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      description =
          "Topic to read (repeatable); its name must end with a bridge topic's name (e.g."
              + " prod.bridge.locks.v1). Default: every bridge topic (with --prefix) that exists.")
  List<String> topics = new ArrayList<>();

  @Option(
      names = "--prefix",
      defaultValue = "",
      paramLabel = "PREFIX",
      description = "Prefix of the default topic names, for deployments that rename them.")
  String prefix;

  @Option(
      names = "--from-beginning",
      description = "Read each partition from its first record (default: only new records).")
  boolean fromBeginning;

  @Option(
      names = "--follow",
      description =
          "Keep reading new records until Ctrl-C (default: stop at the end the topics had at"
              + " the start).")
  boolean follow;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  long max = Long.MAX_VALUE;

  @Option(names = "--pretty", description = "Indented JSON for humans (default: one line each).")
  boolean pretty;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "DURATION",
      description =
          "How long to wait for the broker (e.g. 500ms, 5s, 2m; default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      description = "Extra Kafka client property, e.g. security.protocol=SSL (repeatable).")
  Map<String, String> properties = new LinkedHashMap<>();

  /** A mistake of the operator or an unreachable broker: one line, no stack trace. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    Refusal(int exitCode, String message) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      run(spec.commandLine().getOut(), err);
      return 0;
    } catch (Refusal e) {
      err.println("tbridge topics: " + e.getMessage());
      err.flush();
      return e.exitCode;
    }
  }

  private void run(PrintWriter out, PrintWriter err) {
    Duration wait = duration(timeout);
    TopicDump.Range range;
    try {
      range = new TopicDump.Range(fromBeginning, follow, max);
    } catch (IllegalArgumentException e) {
      throw new Refusal(2, e.getMessage());
    }
    List<BridgeTopicName> requested = requested();
    ObjectWriter json =
        pretty ? new ObjectMapper().writerWithDefaultPrettyPrinter() : new ObjectMapper().writer();
    // Ctrl-C while following: the hook wakes the reader and waits until it has closed.
    CountDownLatch closed = new CountDownLatch(1);
    try (TopicDump dump =
        new TopicDump(KafkaClients.readerConfig(settings(wait), "topics"), wait)) {
      Thread stopper =
          new Thread(
              () -> {
                dump.stop();
                await(closed, wait);
              },
              "topics-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      try {
        List<BridgeTopicName> present = present(requested, dump.existingTopics().keySet(), err);
        if (present.isEmpty()) {
          throw new Refusal(1, "none of " + names(requested) + " exists on " + bootstrapServers);
        }
        if (!fromBeginning && !follow) {
          err.println(
              "tbridge topics: only new records and no --follow: nothing to print (add"
                  + " --from-beginning or --follow)");
          err.flush();
        }
        dump.run(present, range, line -> print(out, json, line));
      } finally {
        removeHook(stopper);
      }
    } catch (TimeoutException e) {
      throw new Refusal(1, "Kafka at " + bootstrapServers + " did not answer within " + timeout);
    } catch (KafkaException e) {
      throw new Refusal(1, "Kafka at " + bootstrapServers + ": " + e.getMessage());
    } finally {
      closed.countDown();
    }
  }

  /** The topics to read: the named ones (each must be a bridge topic), else every default one. */
  private List<BridgeTopicName> requested() {
    List<BridgeTopicName> out = new ArrayList<>();
    if (topics.isEmpty()) {
      BridgeTopic.ALL.forEach(t -> out.add(new BridgeTopicName(prefix + t.name(), t)));
      return out;
    }
    for (String name : topics) {
      Optional<BridgeTopic> t = BridgeTopic.of(name);
      if (t.isEmpty()) {
        throw new Refusal(
            2, "unknown topic " + name + ": the name must end with one of " + BridgeTopic.names());
      }
      out.add(new BridgeTopicName(name, t.get()));
    }
    return out;
  }

  /**
   * The requested topics the broker has; a missing named topic is an error, a default one a note.
   */
  private List<BridgeTopicName> present(
      List<BridgeTopicName> requested, java.util.Set<String> existing, PrintWriter err) {
    List<BridgeTopicName> out = new ArrayList<>();
    for (BridgeTopicName t : requested) {
      if (existing.contains(t.topic())) {
        out.add(t);
      } else if (!topics.isEmpty()) {
        throw new Refusal(1, "topic " + t.topic() + " does not exist on " + bootstrapServers);
      } else {
        err.println("tbridge topics: " + t.topic() + " does not exist yet, skipped");
      }
    }
    err.flush();
    return out;
  }

  private KafkaSettings settings(Duration wait) {
    Map<String, String> extra = new LinkedHashMap<>(properties);
    // Every broker call (metadata, offsets, fetch) gives up after --timeout, not Kafka's 60 s.
    String ms = Long.toString(wait.toMillis());
    extra.putIfAbsent("default.api.timeout.ms", ms);
    extra.putIfAbsent("request.timeout.ms", ms);
    return new KafkaSettings(
        bootstrapServers,
        "tbridge",
        prefix + ObservedLockCodec.TOPIC,
        prefix + SignedReleaseCodec.TOPIC,
        prefix + StatusEventCodec.TOPIC,
        prefix + io.tbridge.core.wire.SingleRequestCodec.TOPIC,
        prefix + io.tbridge.core.wire.SignedRefundCodec.TOPIC,
        "none (assigned partitions, no group)",
        wait,
        extra);
  }

  private static void print(PrintWriter out, ObjectWriter json, Object line) {
    try {
      out.println(json.writeValueAsString(line));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new Refusal(2, "--timeout " + text + ": expected a number with ms, s or m (e.g. 5s)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
    if (d.isZero()) {
      throw new Refusal(2, "--timeout must be positive");
    }
    return d;
  }

  private static String names(List<BridgeTopicName> topics) {
    return topics.stream().map(BridgeTopicName::topic).toList().toString();
  }

  private static void await(CountDownLatch done, Duration wait) {
    try {
      done.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting (Ctrl-C): the hook is running and waits for us
    }
  }
}
