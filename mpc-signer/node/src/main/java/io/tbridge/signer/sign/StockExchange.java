package io.tbridge.signer.sign;

import io.tbridge.core.Hash32;
import io.tbridge.signer.mpc.ControlMessage;
import io.tbridge.tss.protocol.SessionId;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a committee agrees which presignature an attempt consumes: its lowest party picks (its oldest
 * stocked entry for the committee, or none) and says so in a {@link ControlMessage.StockChoice};
 * the other members follow that choice and nobody else's. A member that does not hold the chosen
 * entry fails the attempt rather than sign with anything else, so two members never sign one digest
 * with different presignatures, and the next attempt makes a fresh one.
 *
 * <p>A tag belongs to the first attempt that claims it in the topic's order, which every node sees
 * alike (control messages share one partition): a later choice naming the same tag is void here and
 * everywhere, so a picker cannot have two members sign two digests with shares of one presignature.
 */
public final class StockExchange {

  /** Claimed tags remembered (far more than the stock ever holds). */
  static final int CLAIMS_KEPT = 8192;

  /** A picker's choice as this node saw it; {@code conflict} when its tag was claimed before. */
  public record Choice(Optional<Hash32> tag, boolean conflict) {}

  private final LinkedHashMap<Hash32, SessionId> claims =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash32, SessionId> e) {
          return size() > CLAIMS_KEPT;
        }
      };

  /** Early choices kept per sender (they arrive before the member reaches the attempt). */
  static final int EARLY_PER_SENDER = 512;

  private record Key(SessionId attempt, int from) {}

  private final PresignStock stock;
  private final Consumer<ControlMessage> send;
  private final ScheduledExecutorService timers;
  private final Map<Key, CompletableFuture<Choice>> waiting = new HashMap<>();
  private final Map<Integer, LinkedHashMap<SessionId, Choice>> early = new HashMap<>();

  /** An exchange over {@code stock}, sending choices with {@code send}. */
  public StockExchange(
      PresignStock stock, Consumer<ControlMessage> send, ScheduledExecutorService timers) {
    this.stock = stock;
    this.send = send;
    this.timers = timers;
  }

  /** The stock this exchange picks from. */
  public PresignStock stock() {
    return stock;
  }

  /**
   * The picker's side: takes the oldest entry of {@code committee}, if any, and tells the members.
   * The caller records the entry's consumption durably before signing with it.
   */
  public Optional<PresignStock.Entry> choose(List<Integer> committee, SessionId attempt) {
    Optional<PresignStock.Entry> entry = stock.takeOldest(committee);
    entry.ifPresent(
        e -> {
          synchronized (this) {
            claims.putIfAbsent(e.tag(), attempt);
          }
        });
    send.accept(new ControlMessage.StockChoice(attempt, entry.map(PresignStock.Entry::tag)));
    return entry;
  }

  /** A choice from party {@code from} (authenticated); kept until its attempt asks for it. */
  public void received(int from, ControlMessage.StockChoice choice) {
    CompletableFuture<Choice> f;
    Choice seen;
    synchronized (this) {
      boolean conflict =
          choice
              .tag()
              .map(t -> claims.putIfAbsent(t, choice.attempt()))
              .filter(first -> !first.equals(choice.attempt()))
              .isPresent();
      seen = new Choice(choice.tag(), conflict);
      f = waiting.remove(new Key(choice.attempt(), from));
      if (f == null) {
        LinkedHashMap<SessionId, Choice> mine =
            early.computeIfAbsent(from, k -> new LinkedHashMap<>());
        // First choice wins: a picker does not change its mind, and a repeat changes nothing.
        mine.putIfAbsent(choice.attempt(), seen);
        while (mine.size() > EARLY_PER_SENDER) {
          mine.remove(mine.keySet().iterator().next());
        }
        return;
      }
    }
    f.complete(seen);
  }

  /**
   * The member's side: the choice of {@code picker} for {@code attempt}, or empty if none came
   * within {@code deadline}. Never completes exceptionally.
   */
  public CompletableFuture<Optional<Choice>> await(
      SessionId attempt, int picker, Duration deadline) {
    Key key = new Key(attempt, picker);
    CompletableFuture<Choice> f;
    synchronized (this) {
      LinkedHashMap<SessionId, Choice> mine = early.get(picker);
      Choice known = mine == null ? null : mine.remove(attempt);
      if (known != null) {
        return CompletableFuture.completedFuture(Optional.of(known));
      }
      f = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    }
    timers.schedule(
        () -> {
          synchronized (this) {
            waiting.remove(key, f);
          }
          f.cancel(false);
        },
        deadline.toMillis(),
        TimeUnit.MILLISECONDS);
    return f.handle((tag, error) -> error == null ? Optional.of(tag) : Optional.empty());
  }
}
