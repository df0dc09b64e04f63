package io.tbridge.signer.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tbridge.chain.testing.KafkaTopics;
import io.tbridge.chain.testing.SharedKafka;
import io.tbridge.core.Address;
import io.tbridge.core.Hash32;
import io.tbridge.core.Signature65;
import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.channel.PartyIdentity;
import io.tbridge.tss.channel.SecureChannel;
import io.tbridge.tss.fixtures.SafePrimeFixtures;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.paillier.SecurityLevel;
import io.tbridge.tss.presign.PresignSession;
import io.tbridge.tss.presign.Presignature;
import io.tbridge.tss.protocol.Committee;
import io.tbridge.tss.protocol.InMemorySessionRegistry;
import io.tbridge.tss.protocol.ProtocolMessage;
import io.tbridge.tss.protocol.SessionId;
import io.tbridge.tss.sign.EcdsaSignature;
import io.tbridge.tss.sign.SignSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real sessions between three nodes over a real Kafka broker, sealed end to end. */
class MpcOverKafkaTest {
  private static final Committee COMMITTEE = Committee.ofSize(2, 3);
  private static final Duration ROUND = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static String topic;
  private static final Map<Integer, PartyIdentity> IDS = new TreeMap<>();
  private static final SortedMap<Integer, PartyIdentity.PublicIdentity> PUBLIC = new TreeMap<>();
  private static final Map<Integer, Node> NODES = new TreeMap<>();
  private static final Map<Integer, KeyShare> SHARES = new TreeMap<>();
  private static final Map<Integer, AuxInfo> AUX = new TreeMap<>();
  private static final ExecutorService COMPUTE = Executors.newFixedThreadPool(4);
  private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2);

  record Node(
      MpcTransport transport,
      SessionDriver driver,
      Liveness liveness,
      InMemorySessionRegistry registry) {}

  static Node node(int party) {
    MpcTransport t =
        new MpcTransport(
            MpcSettings.of(SharedKafka.bootstrapServers(), topic, "node-" + party, Map.of()),
            new SecureChannel(IDS.get(party), party, PUBLIC, RANDOM),
            Clock.systemUTC());
    return new Node(
        t,
        new SessionDriver(t, COMPUTE, TIMERS),
        new Liveness(t, Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(3), TIMERS),
        new InMemorySessionRegistry());
  }

  @BeforeAll
  static void keysOverKafka() throws Exception {
    topic = "mpc-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    for (int p : COMMITTEE.parties()) {
      PartyIdentity id = PartyIdentity.generate(RANDOM);
      IDS.put(p, id);
      PUBLIC.put(p, id.publicIdentity());
    }
    for (int p : COMMITTEE.parties()) {
      NODES.put(p, node(p));
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int p : COMMITTEE.parties()) {
      Node n = NODES.get(p);
      all.add(
          CompletableFuture.runAsync(
              () -> {
                KeyCeremony c =
                    new KeyCeremony(
                        n.driver(), n.liveness(), n.registry(), RANDOM, ROUND, Clock.systemUTC());
                try {
                  KeyShare s =
                      c.keygen(
                          "test-key",
                          "ceremony-1",
                          COMMITTEE,
                          SecurityLevel.TEST,
                          p,
                          Duration.ofSeconds(30));
                  AuxInfo a =
                      c.auxInfo(
                          "test-key",
                          "ceremony-1",
                          COMMITTEE,
                          p,
                          SecurityLevel.TEST,
                          SafePrimeFixtures.paillierKey(SecurityLevel.TEST, p),
                          Duration.ofSeconds(30));
                  synchronized (SHARES) {
                    SHARES.put(p, s);
                    AUX.put(p, a);
                  }
                } catch (KeyCeremony.CeremonyException e) {
                  throw new IllegalStateException(e.getMessage(), e);
                }
              }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
  }

  @AfterAll
  static void stop() {
    NODES
        .values()
        .forEach(
            n -> {
              n.liveness().close();
              n.transport().close();
            });
    COMPUTE.shutdownNow();
    TIMERS.shutdownNow();
  }

  private static Address group() {
    return Address.of(SHARES.get(1).ethereumAddress().bytes());
  }

  private static Map<Integer, SessionOutcome<EcdsaSignature>> sign(
      List<Integer> signers, Hash32 digest, int attempt) throws Exception {
    Map<Integer, CompletableFuture<SessionOutcome<Presignature>>> pre = new HashMap<>();
    for (int p : signers) {
      Node n = NODES.get(p);
      pre.put(
          p,
          n.driver()
              .run(
                  new PresignSession(
                      SessionIds.presign("test-key", digest, attempt, signers),
                      SHARES.get(p),
                      AUX.get(p),
                      signers,
                      n.registry(),
                      RANDOM,
                      COMPUTE,
                      Optional.empty()),
                  ROUND));
    }
    Map<Integer, CompletableFuture<SessionOutcome<EcdsaSignature>>> sig = new HashMap<>();
    for (int p : signers) {
      SessionOutcome<Presignature> o = pre.get(p).get(2, TimeUnit.MINUTES);
      assertThat(o).as("presign at party %d", p).isInstanceOf(SessionOutcome.Completed.class);
      Presignature ps = ((SessionOutcome.Completed<Presignature>) o).result();
      Node n = NODES.get(p);
      sig.put(
          p,
          n.driver()
              .run(
                  new SignSession(
                      SessionIds.sign("test-key", digest, attempt, signers),
                      ps,
                      digest.bytes(),
                      n.registry()),
                  ROUND));
    }
    Map<Integer, SessionOutcome<EcdsaSignature>> out = new TreeMap<>();
    for (int p : signers) {
      out.put(p, sig.get(p).get(1, TimeUnit.MINUTES));
    }
    return out;
  }

  @Test
  void dealerlessKeygenOverKafkaGivesEveryPartyTheSameGroupKey() {
    assertThat(SHARES).hasSize(3);
    assertThat(SHARES.values())
        .extracting(KeyShare::publicKey)
        .containsOnly(SHARES.get(1).publicKey());
    assertThat(AUX.values())
        .extracting(a -> a.paillierPublicKeys().keySet())
        .containsOnly(
            List.of(1, 2, 3).stream()
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
  }

  @Test
  void twoOfThreeSignOverKafkaWhileTheThirdIsNotInvolved() throws Exception {
    Hash32 digest = Hash32.of("0x" + "5a".repeat(32));
    Map<Integer, SessionOutcome<EcdsaSignature>> out = sign(List.of(1, 3), digest, 0);
    for (SessionOutcome<EcdsaSignature> o : out.values()) {
      EcdsaSignature s = ((SessionOutcome.Completed<EcdsaSignature>) o).result();
      assertThat(Signature65.of(s.r(), s.s(), s.v()).recoverSigner(digest)).contains(group());
    }
  }

  @Test
  void aSilentPartyIsSuspectedAfterTheDeadline() throws Exception {
    Hash32 digest = Hash32.of("0x" + "77".repeat(32));
    List<Integer> signers = List.of(1, 2);
    Node n = NODES.get(1);
    // Party 2 never starts its side: party 1 times out waiting for it.
    SessionOutcome<Presignature> o =
        n.driver()
            .run(
                new PresignSession(
                    SessionIds.presign("test-key", digest, 0, signers),
                    SHARES.get(1),
                    AUX.get(1),
                    signers,
                    n.registry(),
                    RANDOM,
                    COMPUTE,
                    Optional.empty()),
                Duration.ofSeconds(2))
            .get(1, TimeUnit.MINUTES);
    assertThat(o).isInstanceOf(SessionOutcome.TimedOut.class);
    assertThat(((SessionOutcome.TimedOut<Presignature>) o).suspects()).containsExactly(2);
  }

  @Test
  void aPartyThatKeepsResendingAnOldMessageDoesNotHoldTheSessionOpen() throws Exception {
    Hash32 digest = Hash32.of("0x" + "78".repeat(32));
    List<Integer> signers = List.of(1, 2);
    SessionId sid = SessionIds.presign("test-key", digest, 0, signers);
    Node n = NODES.get(1);
    CompletableFuture<SessionOutcome<Presignature>> f =
        n.driver()
            .run(
                new PresignSession(
                    sid,
                    SHARES.get(1),
                    AUX.get(1),
                    signers,
                    n.registry(),
                    RANDOM,
                    COMPUTE,
                    Optional.empty()),
                Duration.ofSeconds(1));
    // Party 2 sends its real first round, then only repeats it: never its second round.
    PresignSession replayer =
        new PresignSession(
            sid,
            SHARES.get(2),
            AUX.get(2),
            signers,
            new InMemorySessionRegistry(),
            RANDOM,
            COMPUTE,
            Optional.empty());
    List<ProtocolMessage> first = replayer.start();
    MpcTransport t2 = NODES.get(2).transport();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
    Thread resend =
        new Thread(
            () -> {
              while (System.nanoTime() < until && !f.isDone()) {
                first.forEach(t2::send);
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    resend.start();
    SessionOutcome<Presignature> o = f.get(6, TimeUnit.SECONDS);
    resend.join();
    assertThat(o).isInstanceOf(SessionOutcome.TimedOut.class);
    assertThat(((SessionOutcome.TimedOut<Presignature>) o).suspects()).containsExactly(2);
  }

  @Test
  void aPartyThatSendsABadProofIsNamed() throws Exception {
    Hash32 digest = Hash32.of("0x" + "66".repeat(32));
    List<Integer> signers = List.of(2, 3);
    SessionId sid = SessionIds.presign("test-key", digest, 0, signers);
    Node honest = NODES.get(2);
    CompletableFuture<SessionOutcome<Presignature>> f =
        honest
            .driver()
            .run(
                new PresignSession(
                    sid,
                    SHARES.get(2),
                    AUX.get(2),
                    signers,
                    honest.registry(),
                    RANDOM,
                    COMPUTE,
                    Optional.empty()),
                ROUND);
    // Party 3 runs its real session, but flips a byte of its round-1 direct message (the
    // Π-enc proof) before sealing it: the envelope is authentic, the content is a lie.
    PresignSession cheat =
        new PresignSession(
            sid,
            SHARES.get(3),
            AUX.get(3),
            signers,
            new InMemorySessionRegistry(),
            RANDOM,
            COMPUTE,
            Optional.empty());
    MpcTransport t3 = NODES.get(3).transport();
    cheat.verifyWith(t3.notary());
    t3.register(
        sid,
        new MpcTransport.Inbox() {
          @Override
          public java.util.Set<Integer> parties() {
            return java.util.Set.of(2, 3);
          }

          @Override
          public synchronized void deliver(io.tbridge.tss.protocol.SignedMessage m) {
            try {
              cheat.handle(m).forEach(t3::send);
            } catch (io.tbridge.tss.protocol.ProtocolAbort e) {
              // the cheater's own session may abort; irrelevant here
            }
          }
        });
    for (ProtocolMessage m : cheat.start()) {
      if (!m.isBroadcast()) {
        byte[] p = m.payload();
        p[p.length - 1] ^= 1;
        m = new ProtocolMessage(m.sessionId(), m.round(), m.from(), m.to(), p);
      }
      t3.send(m);
    }
    SessionOutcome<Presignature> o = f.get(1, TimeUnit.MINUTES);
    t3.unregister(sid);
    assertThat(o).isInstanceOf(SessionOutcome.Aborted.class);
    assertThat(((SessionOutcome.Aborted<Presignature>) o).culprit()).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void aBadProofSentToOneSignerOnlyIsNamedByEveryHonestSigner() throws Exception {
    Hash32 digest = Hash32.of("0x" + "67".repeat(32));
    List<Integer> signers = List.of(1, 2, 3);
    SessionId sid = SessionIds.presign("test-key", digest, 0, signers);
    Map<Integer, CompletableFuture<SessionOutcome<Presignature>>> honest = new TreeMap<>();
    for (int p : List.of(1, 2)) {
      Node node = NODES.get(p);
      honest.put(
          p,
          node.driver()
              .run(
                  new PresignSession(
                      sid,
                      SHARES.get(p),
                      AUX.get(p),
                      signers,
                      node.registry(),
                      RANDOM,
                      COMPUTE,
                      Optional.empty()),
                  ROUND));
    }
    // Party 3 flips a byte of its round-1 Π-enc for party 1 only: party 2 sees nothing wrong and
    // must learn of it from party 1's complaint, not from party 1 falling silent.
    PresignSession cheat =
        new PresignSession(
            sid,
            SHARES.get(3),
            AUX.get(3),
            signers,
            new InMemorySessionRegistry(),
            RANDOM,
            COMPUTE,
            Optional.empty());
    MpcTransport t3 = NODES.get(3).transport();
    cheat.verifyWith(t3.notary());
    t3.register(
        sid,
        new MpcTransport.Inbox() {
          @Override
          public java.util.Set<Integer> parties() {
            return java.util.Set.copyOf(signers);
          }

          @Override
          public synchronized void deliver(io.tbridge.tss.protocol.SignedMessage m) {
            try {
              cheat.handle(m).forEach(t3::send);
            } catch (io.tbridge.tss.protocol.ProtocolAbort e) {
              // the cheater's own session aborts on the complaint; irrelevant here
            }
          }
        });
    for (ProtocolMessage m : cheat.start()) {
      if (!m.isBroadcast() && m.to() == 1) {
        byte[] p = m.payload();
        p[p.length - 1] ^= 1;
        m = new ProtocolMessage(m.sessionId(), m.round(), m.from(), m.to(), p);
      }
      t3.send(m);
    }
    for (Map.Entry<Integer, CompletableFuture<SessionOutcome<Presignature>>> e :
        honest.entrySet()) {
      SessionOutcome<Presignature> o = e.getValue().get(1, TimeUnit.MINUTES);
      assertThat(o)
          .as("outcome at party %d", e.getKey())
          .isInstanceOf(SessionOutcome.Aborted.class);
      assertThat(((SessionOutcome.Aborted<Presignature>) o).culprit())
          .as("culprit named by party %d", e.getKey())
          .isEqualTo(OptionalInt.of(3));
    }
    t3.unregister(sid);
  }

  @Test
  void forgeriesAndGarbageOnTheTopicAreDroppedAndSigningStillCompletes() throws Exception {
    Hash32 digest = Hash32.of("0x" + "99".repeat(32));
    long before =
        NODES.get(1).transport().drops().values().stream().mapToLong(Long::longValue).sum();
    byte[] key = SessionIds.presign("test-key", digest, 0, List.of(1, 2)).bytes();
    KafkaTopics.write(SharedKafka.bootstrapServers(), topic, key, new byte[] {1, 2, 3});
    // A message sealed by an identity outside the committee that claims to be party 2.
    PartyIdentity outsider = PartyIdentity.generate(RANDOM);
    SortedMap<Integer, PartyIdentity.PublicIdentity> fake = new TreeMap<>(PUBLIC);
    fake.put(2, outsider.publicIdentity());
    SecureChannel forger = new SecureChannel(outsider, 2, fake, RANDOM);
    KafkaTopics.write(
        SharedKafka.bootstrapServers(),
        topic,
        key,
        forger.seal(ProtocolMessage.broadcast(new SessionId(key), 1, 2, new byte[] {9})));
    KafkaTopics.write(
        SharedKafka.bootstrapServers(),
        topic,
        ControlMessage.HEARTBEATS.bytes(),
        forger.seal(
            ProtocolMessage.broadcast(
                ControlMessage.HEARTBEATS,
                1,
                2,
                new ControlMessage.Heartbeat(java.time.Instant.now()).encode())));
    Map<Integer, SessionOutcome<EcdsaSignature>> out = sign(List.of(1, 2), digest, 0);
    assertThat(out.values()).allMatch(o -> o instanceof SessionOutcome.Completed);
    long after =
        NODES.get(1).transport().drops().values().stream().mapToLong(Long::longValue).sum();
    assertThat(after - before).isGreaterThanOrEqualTo(3);
    assertThat(NODES.get(1).transport().drops()).containsKey("bad-signature");
  }

  @Test
  void oneNodeDownTheOtherTwoStillSign() throws Exception {
    Node down = NODES.remove(3);
    down.liveness().close();
    down.transport().close();
    try {
      Hash32 digest = Hash32.of("0x" + "42".repeat(32));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (NODES.get(1).liveness().liveParties().contains(3) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(NODES.get(1).liveness().liveParties()).containsExactly(1, 2);
      SessionId seed = new SessionId(digest.bytes());
      List<Integer> committee =
          CommitteeSelector.choose(
                  seed, NODES.get(1).liveness().liveParties(), java.util.Set.of(), 2)
              .orElseThrow();
      assertThat(committee).containsExactly(1, 2);
      assertThat(sign(committee, digest, 0).values())
          .allMatch(o -> o instanceof SessionOutcome.Completed);
    } finally {
      NODES.put(3, node(3));
    }
  }

  private static final ExecutorService INNER = Executors.newFixedThreadPool(2);

  private static io.tbridge.signer.sign.CommitteeSigning signing(
      int party, io.tbridge.signer.state.SignerState state) {
    return new io.tbridge.signer.sign.CommitteeSigning(
        new io.tbridge.signer.sign.SessionParts(
            "k",
            SHARES.get(party),
            AUX.get(party),
            NODES.get(party).driver(),
            state,
            new InMemorySessionRegistry(),
            RANDOM,
            INNER,
            Optional.empty(),
            Duration.ofSeconds(10),
            Clock.systemUTC()),
        new io.tbridge.signer.sign.StockExchange(
            new io.tbridge.signer.sign.PresignStock(0), m -> {}, TIMERS));
  }

  @Test
  void aSessionJournaledBeforeARestartIsNeverRunAgain() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("repeat");
    Hash32 digest = Hash32.of("0x" + "3c".repeat(32));
    List<Integer> signers = List.of(1, 2);
    Map<Integer, io.tbridge.signer.state.SignerState> states = new TreeMap<>();
    List<CompletableFuture<io.tbridge.signer.sign.AttemptResult>> runs = new ArrayList<>();
    for (int p : signers) {
      states.put(p, io.tbridge.signer.state.SignerState.open(dir.resolve("state-" + p + ".db")));
      runs.add(signing(p, states.get(p)).run(digest, 1, signers, "attempt 1"));
    }
    for (var r : runs) {
      assertThat(r.get(60, TimeUnit.SECONDS))
          .isInstanceOf(io.tbridge.signer.sign.AttemptResult.Signed.class);
    }
    // A restart: a fresh in-memory registry, the same journal. The same attempt must not run.
    var again = signing(1, states.get(1)).run(digest, 1, signers, "attempt 1 again");
    assertThat(again.get(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            io.tbridge.signer.sign.AttemptResult.Failed.class,
            f -> assertThat(f.check()).isEqualTo("session-repeated"));
    states.values().forEach(io.tbridge.signer.state.SignerState::close);
  }
}
