package io.tbridge.signer.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.Hash32;
import io.tbridge.signer.mpc.ControlMessage;
import io.tbridge.signer.mpc.SessionIds;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignFixture;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stock's bookkeeping and the committee's choice, with real presignatures. */
class StockRulesTest {

  private static final List<Integer> C12 = List.of(1, 2);
  private static PresignFixture.Keys keys;
  private static ScheduledExecutorService timers;

  @BeforeAll
  static void keys() {
    keys = PresignFixture.directKeys(2, 3, SecurityLevel.TEST, 41);
    timers = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    timers.shutdownNow();
  }

  private static Presignature presign(List<Integer> committee, long seed, int party) {
    return PresignFixture.presign(keys, committee, seed).get(party);
  }

  private static Hash32 tag(int i) {
    return Hash32.of(String.format("0x%064x", i));
  }

  @Test
  void thePickerTakesTheOldestAndMembersTakeInAnyOrderWhatThePickerLostIsEvicted() {
    PresignStock picker = new PresignStock(3);
    PresignStock member = new PresignStock(3);
    for (int i = 1; i <= 3; i++) {
      var both = PresignFixture.presign(keys, C12, 100 + i);
      if (i != 1) {
        picker.put(C12, tag(i), both.get(1));
      }
      member.put(C12, tag(i), both.get(2));
    }
    // Session 1 completed at the member only: the picker's oldest is 2.
    PresignStock.Entry chosen = picker.takeOldest(C12).orElseThrow();
    assertThat(chosen.tag()).isEqualTo(tag(2));
    PresignStock.Entry next = picker.takeOldest(C12).orElseThrow();
    // The member reaches the second attempt first: taking 3 must not cost it 2.
    assertThat(member.take(C12, next.tag())).isPresent();
    Presignature mine = member.take(C12, chosen.tag()).orElseThrow();
    assertThat(mine.sessionId()).isEqualTo(chosen.presignature().sessionId());
    assertThat(mine.r()).isEqualTo(chosen.presignature().r());
    assertThat(member.take(C12, tag(2))).as("handed out once").isEmpty();
    assertThat(member.missing()).isEqualTo(1);
    assertThat(member.size(C12)).as("a miss drops nothing else").isEqualTo(1);
    for (int i = 4; i <= 6; i++) {
      member.put(C12, tag(i), presign(C12, 100 + i, 2));
    }
    assertThat(member.size(C12)).isEqualTo(3);
    assertThat(member.take(C12, tag(1))).as("the entry the picker lost was evicted").isEmpty();
    assertThat(member.consumed(C12)).isEqualTo(2);
    assertThat(picker.hits()).isEqualTo(2);
  }

  @Test
  void aMemberWaitsForAStockSessionStillRunningHereOnly() throws Exception {
    PresignStock stock = new PresignStock(2);
    stock.started(tag(1));
    var waiting = stock.settledOrAfter(tag(1), Duration.ofSeconds(30));
    assertThat(waiting).isNotDone();
    stock.put(C12, tag(1), presign(C12, 400, 2));
    stock.settled(tag(1));
    waiting.get(5, TimeUnit.SECONDS);
    assertThat(stock.take(C12, tag(1))).isPresent();
    assertThat(stock.settledOrAfter(tag(2), Duration.ofSeconds(30))).as("not running").isDone();
    stock.started(tag(3));
    stock.settledOrAfter(tag(3), Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
  }

  @Test
  void depthBoundsEachCommitteeAndZeroKeepsNone() {
    PresignStock stock = new PresignStock(2);
    for (int i = 1; i <= 3; i++) {
      stock.put(C12, tag(i), presign(C12, 200 + i, 1));
    }
    assertThat(stock.size(C12)).isEqualTo(2);
    assertThat(stock.takeOldest(C12).orElseThrow().tag()).isEqualTo(tag(2));
    PresignStock none = new PresignStock(0);
    none.put(C12, tag(9), presign(C12, 209, 1));
    assertThat(none.available()).isZero();
    assertThat(none.takeOldest(C12)).isEmpty();
    assertThat(none.misses()).isEqualTo(1);
    assertThatThrownBy(() -> stock.put(List.of(1, 3), tag(5), presign(C12, 210, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PresignStock(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMemberFollowsThePickersChoiceOnlyEarlyOrLate() throws Exception {
    List<ControlMessage> sent = new ArrayList<>();
    StockExchange picker = new StockExchange(new PresignStock(2), sent::add, timers);
    StockExchange member = new StockExchange(new PresignStock(2), m -> {}, timers);
    picker.stock().put(C12, tag(1), presign(C12, 300, 1));
    SessionId early = SessionIds.presign("k", tag(7), 0, C12);
    SessionId late = SessionIds.presign("k", tag(8), 0, C12);

    assertThat(picker.choose(C12, early)).isPresent();
    assertThat(picker.choose(C12, late)).as("nothing left: fresh").isEmpty();
    var choiceEarly = (ControlMessage.StockChoice) sent.get(0);
    var choiceLate = (ControlMessage.StockChoice) sent.get(1);
    assertThat(choiceEarly.tag()).contains(tag(1));
    assertThat(choiceLate.tag()).isEmpty();

    // A non-picker's word for the same attempt counts for nothing; the first choice wins.
    member.received(2, new ControlMessage.StockChoice(early, Optional.of(tag(6))));
    member.received(1, choiceEarly);
    member.received(1, new ControlMessage.StockChoice(early, Optional.of(tag(5))));
    assertThat(member.await(early, 1, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
        .contains(new StockExchange.Choice(Optional.of(tag(1)), false));

    var waiting = member.await(late, 1, Duration.ofSeconds(5));
    member.received(3, new ControlMessage.StockChoice(late, Optional.of(tag(6))));
    assertThat(waiting).isNotDone();
    member.received(1, choiceLate);
    assertThat(waiting.get(5, TimeUnit.SECONDS))
        .contains(new StockExchange.Choice(Optional.empty(), false));

    // The picker names the same tag for a second attempt: void here, as at every member.
    SessionId second = SessionIds.presign("k", tag(10), 0, C12);
    member.received(1, new ControlMessage.StockChoice(second, Optional.of(tag(1))));
    assertThat(member.await(second, 1, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
        .contains(new StockExchange.Choice(Optional.of(tag(1)), true));

    SessionId never = SessionIds.presign("k", tag(9), 0, C12);
    assertThat(member.await(never, 1, Duration.ofMillis(50)).get(5, TimeUnit.SECONDS))
        .as("no choice within the deadline")
        .isEmpty();
  }

  @Test
  void everyCommitteeOfTheThresholdIsListedOnce() {
    assertThat(StockFiller.committees(List.of(1, 2, 3), 2))
        .containsExactly(List.of(1, 2), List.of(1, 3), List.of(2, 3));
    assertThat(StockFiller.committees(List.of(1, 2, 3, 4, 5), 3)).hasSize(10);
    assertThat(StockFiller.committees(List.of(1, 2), 3)).isEmpty();
  }
}
