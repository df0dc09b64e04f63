package io.tbridge.tools.topics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the records of some bridge topics with a consumer that belongs to no group: it {@code
 * assign}s every partition itself and never commits, so it cannot move a service's offsets or
 * trigger a rebalance of its group.
 */
final class TopicDump implements AutoCloseable {

  /**
   * What to read.
   *
   * @param fromBeginning from each partition's first record, else only records arriving from now
   * @param follow keep reading until {@link #stop}, else stop at the end offsets seen at the start
   * @param max stop after this many records
   */
  record Range(boolean fromBeginning, boolean follow, long max) {
    /** Validates the limit. */
    Range {
      if (max < 1) {
        throw new IllegalArgumentException("--max must be at least 1, got " + max);
      }
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration timeout;

  /** A reader with {@code config} (see {@code KafkaClients.readerConfig}). */
  TopicDump(Map<String, Object> config, Duration timeout) {
    this.consumer = new KafkaConsumer<>(config);
    this.timeout = timeout;
  }

  /** The topics the broker has, with their partitions. */
  Map<String, List<PartitionInfo>> existingTopics() {
    return consumer.listTopics(timeout);
  }

  /**
   * Reads {@code topics} (all of which exist) as {@code range} says and hands every record,
   * rendered, to {@code out}; returns how many it handed over.
   */
  long run(List<BridgeTopicName> topics, Range range, Consumer<ObjectNode> out) {
    Map<String, List<PartitionInfo>> existing = existingTopics();
    List<TopicPartition> partitions = new ArrayList<>();
    for (BridgeTopicName t : topics) {
      for (PartitionInfo p : existing.get(t.topic())) {
        partitions.add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    consumer.assign(partitions);
    if (range.fromBeginning()) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    Map<TopicPartition, Long> end =
        range.follow() ? Map.of() : consumer.endOffsets(partitions, timeout);
    Map<String, BridgeTopic> codecs = new java.util.HashMap<>();
    topics.forEach(t -> codecs.put(t.topic(), t.bridgeTopic()));
    long handed = 0;
    try {
      while (handed < range.max()) {
        if (!range.follow() && atEnd(partitions, end)) {
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Long last = end.get(new TopicPartition(r.topic(), r.partition()));
          if (last != null && r.offset() >= last) {
            continue; // arrived after the start: not part of a dump that stops at the end
          }
          out.accept(RecordRenderer.render(r, codecs.get(r.topic())));
          if (++handed >= range.max()) {
            break;
          }
        }
      }
    } catch (WakeupException stopped) {
      // Ctrl-C while following: stop reading, the caller closes the consumer.
    }
    return handed;
  }

  private boolean atEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp, timeout) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  /** Makes a running {@link #run} return (from another thread, e.g. a shutdown hook). */
  void stop() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(timeout);
  }

  /**
   * A topic to read and the bridge topic whose codec decodes it.
   *
   * @param topic the topic's name on the broker
   * @param bridgeTopic the bridge topic it is an instance of
   */
  record BridgeTopicName(String topic, BridgeTopic bridgeTopic) {}
}
