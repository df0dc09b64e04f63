package io.tbridge.signer.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.tss.codec.DecodingException;
import io.tbridge.tss.protocol.SessionId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionAndIdsTest {
  private static final Hash32 D = Hash32.of("0x" + "01".repeat(32));

  @Test
  void committeesAreDeterministicRotateWithTheSeedAndRespectExclusions() {
    SessionId a = SessionIds.sign("k", D, 0, List.of(1));
    List<Integer> c1 =
        CommitteeSelector.choose(a, List.of(3, 1, 2, 4, 5), Set.of(), 3).orElseThrow();
    assertThat(CommitteeSelector.choose(a, List.of(5, 4, 3, 2, 1), Set.of(), 3)).contains(c1);
    assertThat(c1).isSorted().hasSize(3);
    Set<List<Integer>> seen = new HashSet<>();
    for (int attempt = 0; attempt < 20; attempt++) {
      seen.add(
          CommitteeSelector.choose(
                  SessionIds.sign("k", D, attempt, List.of(1)), List.of(1, 2, 3, 4, 5), Set.of(), 3)
              .orElseThrow());
    }
    assertThat(seen.size()).as("rotation over attempts").isGreaterThan(3);
    assertThat(CommitteeSelector.choose(a, List.of(1, 2, 3), Set.of(2), 2)).contains(List.of(1, 3));
    assertThat(CommitteeSelector.choose(a, List.of(1, 2, 3), Set.of(2, 3), 2)).isEmpty();
  }

  @Test
  void sessionIdsDifferInEveryInput() {
    Set<SessionId> ids = new HashSet<>();
    ids.add(SessionIds.presign("k", D, 0, List.of(1, 2)));
    ids.add(SessionIds.sign("k", D, 0, List.of(1, 2)));
    ids.add(SessionIds.presign("k2", D, 0, List.of(1, 2)));
    ids.add(SessionIds.presign("k", Hash32.of("0x" + "02".repeat(32)), 0, List.of(1, 2)));
    ids.add(SessionIds.presign("k", D, 1, List.of(1, 2)));
    ids.add(SessionIds.presign("k", D, 0, List.of(1, 3)));
    ids.add(SessionIds.keygen("k", "c1"));
    ids.add(SessionIds.auxInfo("k", "c1"));
    ids.add(SessionIds.control("heartbeat"));
    assertThat(ids).hasSize(9);
    assertThat(SessionIds.presign("k", D, 0, List.of(2, 1)))
        .isEqualTo(SessionIds.presign("k", D, 0, List.of(1, 2)));
  }

  @Test
  void controlMessagesRoundTripAndRefuseGarbage() throws Exception {
    ControlMessage h = new ControlMessage.Heartbeat(Instant.ofEpochMilli(123456));
    assertThat(ControlMessage.decode(h.encode())).isEqualTo(h);
    ControlMessage n =
        new ControlMessage.AttemptAbandoned(
            SessionIds.sign("k", D, 0, List.of(1)), OptionalInt.of(3), "pi-enc");
    ControlMessage back = ControlMessage.decode(n.encode());
    assertThat(back).isInstanceOf(ControlMessage.AttemptAbandoned.class);
    assertThat(((ControlMessage.AttemptAbandoned) back).culprit()).hasValue(3);
    ControlMessage begun =
        new ControlMessage.AttemptBegun(DepositId.of(Hash32.of("0x" + "0b".repeat(32))), 3);
    assertThat(ControlMessage.decode(begun.encode())).isEqualTo(begun);
    byte[] tooFar = begun.encode();
    assertThatThrownBy(() -> new ControlMessage.AttemptBegun(DepositId.of(D), 256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tooFar[tooFar.length - 1]).isEqualTo((byte) 3);
    byte[] trailing = java.util.Arrays.copyOf(h.encode(), h.encode().length + 1);
    assertThatThrownBy(() -> ControlMessage.decode(trailing)).isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> ControlMessage.decode(new byte[] {1, 9}))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> ControlMessage.decode(new byte[0]))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void batchMessagesRoundTripAndRefuseWhatTheyMustNot() throws Exception {
    DepositId d1 = DepositId.of(Hash32.of("0x" + "0a".repeat(32)));
    DepositId d2 = DepositId.of(Hash32.of("0x" + "0b".repeat(32)));
    ControlMessage.BatchProposal p =
        new ControlMessage.BatchProposal(ChainId.of(31338), 42, List.of(d1, d2), List.of(1, 3));
    assertThat(ControlMessage.decode(p.encode())).isEqualTo(p);
    ControlMessage.BatchAbandoned a =
        new ControlMessage.BatchAbandoned(ChainId.of(31338), 42, Optional.of(d2), "refused");
    assertThat(ControlMessage.decode(a.encode())).isEqualTo(a);
    ControlMessage.BatchAbandoned f =
        new ControlMessage.BatchAbandoned(ChainId.of(1), 7, Optional.empty(), "timeout");
    assertThat(ControlMessage.decode(f.encode())).isEqualTo(f);
    assertThat(p.channel()).isEqualTo(ControlMessage.NOTICES);
    assertThatThrownBy(
            () ->
                new ControlMessage.BatchAbandoned(
                    ChainId.of(1), 7, Optional.empty(), "ok\nALERT forged line"))
        .hasMessageContaining("printable");
    assertThatThrownBy(() -> new ControlMessage.Declined(d1, D, ""))
        .hasMessageContaining("printable");
    ControlMessage.Declined dec = new ControlMessage.Declined(d1, D, "FIELD_MISMATCH");
    assertThat(ControlMessage.decode(dec.encode())).isEqualTo(dec);
    assertThatThrownBy(
            () ->
                new ControlMessage.BatchProposal(ChainId.of(1), 1, List.of(d1, d1), List.of(1, 2)))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> new ControlMessage.BatchProposal(ChainId.of(1), 1, List.of(d1), List.of(2, 1)))
        .hasMessageContaining("ascending");
    assertThatThrownBy(
            () -> new ControlMessage.BatchProposal(ChainId.of(1), 1, List.of(), List.of(1)))
        .hasMessageContaining("1 to 64");
    // A proposal whose wire form names the same deposit twice is refused at decoding too.
    byte[] wire = p.encode();
    System.arraycopy(wire, 2 + 8 + 8 + 4, wire, 2 + 8 + 8 + 4 + 32, 32);
    assertThatThrownBy(() -> ControlMessage.decode(wire)).isInstanceOf(DecodingException.class);
    byte[] truncated = java.util.Arrays.copyOf(p.encode(), p.encode().length - 1);
    assertThatThrownBy(() -> ControlMessage.decode(truncated))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void batchSessionIdsAreApartFromSingleOnesAndFromOtherWindows() {
    Set<SessionId> ids = new HashSet<>();
    ids.add(SessionIds.presign("k", D, 0, List.of(1, 2)));
    ids.add(SessionIds.batchPresign("k", D, 0, List.of(1, 2)));
    ids.add(SessionIds.batchPresign("k", D, 1, List.of(1, 2)));
    ids.add(SessionIds.batchSign("k", D, 1, List.of(1, 2)));
    ids.add(SessionIds.batchPresign("k", D, 1, List.of(1, 3)));
    assertThat(ids).hasSize(5);
  }

  @Test
  void stockMessagesRoundTripAndRefuseWhatTheyMustNot() throws Exception {
    Hash32 tag = Hash32.of("0x" + "0a".repeat(32));
    ControlMessage req = new ControlMessage.StockPresign(List.of(1, 3), tag, 2);
    assertThat(ControlMessage.decode(req.encode())).isEqualTo(req);
    SessionId attempt = SessionIds.presign("k", D, 0, List.of(1, 3));
    ControlMessage use = new ControlMessage.StockChoice(attempt, Optional.of(tag));
    ControlMessage fresh = new ControlMessage.StockChoice(attempt, Optional.empty());
    assertThat(ControlMessage.decode(use.encode())).isEqualTo(use);
    assertThat(ControlMessage.decode(fresh.encode())).isEqualTo(fresh);
    assertThatThrownBy(() -> new ControlMessage.StockPresign(List.of(3, 1), tag, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ControlMessage.StockPresign(List.of(1, 1), tag, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ControlMessage.StockPresign(List.of(0, 1), tag, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ControlMessage.StockPresign(List.of(1, 3), tag, 0))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] wire = use.encode();
    byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 1);
    assertThatThrownBy(() -> ControlMessage.decode(truncated))
        .isInstanceOf(DecodingException.class);
    byte[] badFlag = fresh.encode();
    badFlag[badFlag.length - 1] = 2;
    assertThatThrownBy(() -> ControlMessage.decode(badFlag)).isInstanceOf(DecodingException.class);
    byte[] unsorted = new ControlMessage.StockPresign(List.of(1, 3), tag, 2).encode();
    unsorted[unsorted.length - 1] = 1; // committee [1, 1]
    assertThatThrownBy(() -> ControlMessage.decode(unsorted)).isInstanceOf(DecodingException.class);
    assertThat(SessionIds.stockPresign("k", List.of(1, 3), tag))
        .isNotEqualTo(SessionIds.stockPresign("k", List.of(1, 2), tag))
        .isNotEqualTo(SessionIds.stockPresign("k", List.of(1, 3), D))
        .isNotEqualTo(SessionIds.presign("k", tag, 0, List.of(1, 3)));
  }
}
