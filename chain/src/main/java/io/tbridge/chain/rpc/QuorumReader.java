package io.tbridge.chain.rpc;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.Hash32;
import io.tbridge.core.finality.ChainHead;
import io.tbridge.core.finality.ChainProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reads one chain through several independent endpoints and accepts only what a quorum of them
 * returns identically.
 *
 * <p>Rules: an endpoint whose {@code eth_chainId} differs from the configured chain is never used.
 * A read needs at least {@code quorum} endpoints that answered; if any two of them answered
 * differently the read fails with {@link QuorumDisagreementException} (the caller halts the chain);
 * if fewer than {@code quorum} answered it fails with {@link QuorumUnavailableException}. Failover
 * never lowers the quorum.
 */
public final class QuorumReader {

  private static final Logger LOG = Logger.getLogger(QuorumReader.class);

  /** Staleness limit of the health of readers built without one. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(30);

  private final ChainId chainId;
  private final List<EthRpc> endpoints;
  private final int quorum;
  private final ExecutorService pool;
  private final ChainHealth health;
  private final Map<String, Boolean> chainIdChecked = new ConcurrentHashMap<>();
  private final Map<String, Long> lastFinal = new ConcurrentHashMap<>();
  private final Map<String, Long> lastLatest = new ConcurrentHashMap<>();

  /**
   * A reader of chain {@code chainId} over {@code endpoints} needing {@code quorum} identical
   * answers; {@code pool} runs the parallel calls.
   */
  public QuorumReader(ChainId chainId, List<EthRpc> endpoints, int quorum, ExecutorService pool) {
    this(
        chainId,
        endpoints,
        quorum,
        pool,
        new ChainHealth("chain-" + chainId.value(), Clock.systemUTC(), DEFAULT_STALE_AFTER));
  }

  /**
   * As above, reporting every read to {@code health} (a quorum answered, or why not), so readiness
   * can tell a chain whose endpoints stopped answering.
   */
  public QuorumReader(
      ChainId chainId,
      List<EthRpc> endpoints,
      int quorum,
      ExecutorService pool,
      ChainHealth health) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("chain " + chainId + " needs at least one endpoint");
    }
    if (quorum < 1 || quorum > endpoints.size()) {
      throw new IllegalArgumentException(
          "chain "
              + chainId
              + ": quorum must be between 1 and the number of endpoints ("
              + endpoints.size()
              + "), got "
              + quorum);
    }
    long distinct = endpoints.stream().map(EthRpc::name).distinct().count();
    if (distinct != endpoints.size()) {
      throw new IllegalArgumentException(
          "chain " + chainId + ": endpoints must be distinct (scheme, host and port)");
    }
    this.chainId = chainId;
    this.endpoints = List.copyOf(endpoints);
    this.quorum = quorum;
    this.pool = pool;
    this.health = java.util.Objects.requireNonNull(health, "health");
  }

  /** Where this reader reports whether its quorum answers. */
  public ChainHealth health() {
    return health;
  }

  /** The configured quorum. */
  public int quorum() {
    return quorum;
  }

  /** The endpoints, in configuration order. */
  public List<EthRpc> endpoints() {
    return endpoints;
  }

  /**
   * The highest block that at least {@code quorum} endpoints consider final under {@code profile},
   * or empty when not enough endpoints report a final block.
   */
  public OptionalLong finalHead(ChainProfile profile) {
    Map<EthRpc, Answer<ChainHead>> answers =
        ask(
            endpoints,
            e -> {
              long latest = e.blockNumber();
              OptionalLong fin = OptionalLong.empty();
              if (profile.mode().usesFinalizedTag()) {
                fin =
                    e.header(BlockRef.FINALIZED)
                        .map(h -> OptionalLong.of(h.number()))
                        .orElse(OptionalLong.empty());
              }
              return new ChainHead(latest, fin);
            });
    long answered = answers.values().stream().filter(a -> a.value.isPresent()).count();
    if (answered >= quorum) {
      // The quorum answered, even if nothing is final yet: the endpoints are healthy.
      health.answered();
    } else {
      reportFailure(answers, "the chain head");
    }
    List<Long> finals = new ArrayList<>();
    answers.forEach(
        (e, a) -> {
          if (a.value.isPresent()) {
            ChainHead h = a.value.get();
            lastLatest.put(e.name(), h.latest());
            OptionalLong f = profile.finalHead(h);
            if (f.isPresent()) {
              lastFinal.put(e.name(), f.getAsLong());
              finals.add(f.getAsLong());
            } else {
              lastFinal.remove(e.name());
            }
          } else {
            lastFinal.remove(e.name());
          }
        });
    if (finals.size() < quorum) {
      return OptionalLong.empty();
    }
    finals.sort(Comparator.reverseOrder());
    // At least `quorum` endpoints report a final head at or above this block.
    return OptionalLong.of(finals.get(quorum - 1));
  }

  /** The newest block any endpoint reported in the last {@link #finalHead} call (for lag). */
  public OptionalLong latestSeen() {
    return lastLatest.values().stream().mapToLong(Long::longValue).max();
  }

  /** The header of block {@code number}, identical on every answering endpoint (≥ quorum). */
  public BlockHeader header(long number) {
    List<EthRpc> eligible = eligible(number);
    Map<EthRpc, Answer<Optional<BlockHeader>>> answers =
        ask(eligible, e -> e.header(BlockRef.number(number)));
    Optional<BlockHeader> agreed = agree(answers, "header of block " + number);
    return agreed.orElseThrow(
        () -> new QuorumUnavailableException("endpoints do not know block " + number));
  }

  /**
   * The logs of {@code address} with first topic {@code topic0} in [{@code from}, {@code to}],
   * identical on every answering endpoint (≥ quorum). An endpoint refusing the range makes the
   * whole read throw {@link RangeTooLargeException} so the caller can split it.
   */
  public List<RpcLog> logs(long from, long to, Address address, Hash32 topic0) {
    return logs(from, to, address, List.of(Optional.of(topic0)));
  }

  /**
   * Like {@link #logs(long, long, Address, Hash32)}, matching {@code topics} position by position.
   */
  public List<RpcLog> logs(long from, long to, Address address, List<Optional<Hash32>> topics) {
    List<EthRpc> eligible = eligible(to);
    Map<EthRpc, Answer<List<RpcLog>>> answers =
        ask(
            eligible,
            e -> {
              List<RpcLog> logs = new ArrayList<>(e.logs(from, to, address, topics));
              logs.sort(
                  Comparator.comparingLong(RpcLog::blockNumber)
                      .thenComparingLong(RpcLog::logIndex));
              return logs;
            });
    for (Answer<List<RpcLog>> a : answers.values()) {
      if (a.error.isPresent() && a.error.get() instanceof RangeTooLargeException r) {
        throw r;
      }
    }
    return agree(answers, "logs of blocks " + from + ".." + to);
  }

  /**
   * The value {@code call} returns on every endpoint that answers (at least {@code quorum} of
   * them), asking all endpoints regardless of their head. For reads at the latest block, where a
   * lagging endpoint may legitimately differ, callers treat {@link QuorumDisagreementException} as
   * "unknown, ask again later"; either way no single endpoint decides the answer.
   */
  public <T> T readAll(String what, Function<EthRpc, T> call) {
    return agree(ask(endpoints, call), what);
  }

  /** Endpoints whose last reported final head covers {@code block} (others may simply lag). */
  private List<EthRpc> eligible(long block) {
    List<EthRpc> out = new ArrayList<>();
    for (EthRpc e : endpoints) {
      Long f = lastFinal.get(e.name());
      if (f != null && f >= block) {
        out.add(e);
      }
    }
    if (out.size() < quorum) {
      throw new QuorumUnavailableException(
          "only "
              + out.size()
              + " endpoint(s) of chain "
              + chainId
              + " are final at "
              + block
              + ", quorum is "
              + quorum);
    }
    return out;
  }

  private <T> T agree(Map<EthRpc, Answer<T>> answers, String what) {
    Map<T, List<String>> byValue = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    answers.forEach(
        (e, a) -> {
          if (a.value.isPresent()) {
            byValue.computeIfAbsent(a.value.get(), k -> new ArrayList<>()).add(e.name());
          } else {
            failed.add(e.name() + " (" + a.error.map(Throwable::getMessage).orElse("?") + ")");
          }
        });
    if (byValue.size() > 1) {
      StringBuilder msg =
          new StringBuilder("chain ")
              .append(chainId)
              .append(": endpoints disagree on ")
              .append(what)
              .append(':');
      byValue.forEach((v, names) -> msg.append("\n  ").append(names).append(" -> ").append(v));
      health.failed(RpcErrorKind.QUORUM_DISAGREEMENT, "endpoints disagree on " + what);
      throw new QuorumDisagreementException(msg.toString());
    }
    int agreeing = byValue.isEmpty() ? 0 : byValue.values().iterator().next().size();
    if (agreeing < quorum) {
      reportFailure(answers, what);
      throw new QuorumUnavailableException(
          "chain "
              + chainId
              + ": "
              + agreeing
              + " endpoint(s) answered "
              + what
              + ", quorum is "
              + quorum
              + "; failed: "
              + failed);
    }
    health.answered();
    return byValue.keySet().iterator().next();
  }

  /**
   * Reports a read too few endpoints answered: the kind is the first failing endpoint's (in
   * configuration order), the detail lists every failing endpoint by name with its kind.
   */
  private <T> void reportFailure(Map<EthRpc, Answer<T>> answers, String what) {
    RpcErrorKind kind = null;
    StringBuilder detail = new StringBuilder(what).append(':');
    for (Map.Entry<EthRpc, Answer<T>> a : answers.entrySet()) {
      if (a.getValue().error.isPresent()) {
        RpcErrorKind k = RpcErrorKind.of(a.getValue().error.get());
        kind = kind == null ? k : kind;
        detail.append(' ').append(a.getKey().name()).append(' ').append(k.label());
      }
    }
    health.failed(kind == null ? RpcErrorKind.OTHER : kind, detail.toString());
  }

  private <T> Map<EthRpc, Answer<T>> ask(List<EthRpc> targets, Function<EthRpc, T> call) {
    Map<EthRpc, Future<T>> futures = new LinkedHashMap<>();
    for (EthRpc e : targets) {
      futures.put(
          e,
          pool.submit(
              () -> {
                checkChainId(e);
                return call.apply(e);
              }));
    }
    Map<EthRpc, Answer<T>> answers = new LinkedHashMap<>();
    for (Map.Entry<EthRpc, Future<T>> f : futures.entrySet()) {
      try {
        answers.put(f.getKey(), new Answer<>(Optional.of(f.getValue().get()), Optional.empty()));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof RuntimeException)) {
          throw new IllegalStateException(cause);
        }
        answers.put(f.getKey(), new Answer<>(Optional.empty(), Optional.of(cause)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuorumUnavailableException("interrupted");
      }
    }
    return answers;
  }

  private void checkChainId(EthRpc e) {
    Boolean known = chainIdChecked.get(e.name());
    if (Boolean.TRUE.equals(known)) {
      return;
    }
    long reported = e.chainId();
    if (reported != chainId.value()) {
      chainIdChecked.put(e.name(), Boolean.FALSE);
      if (known != null) {
        throw new WrongChainException(e.name(), chainId.value(), reported);
      }
      LOG.errorf(
          "ALERT chain=%s endpoint=%s reports chain id %d: endpoint is never used",
          chainId, e.name(), reported);
      throw new WrongChainException(e.name(), chainId.value(), reported);
    }
    chainIdChecked.put(e.name(), Boolean.TRUE);
  }

  private record Answer<T>(Optional<T> value, Optional<Throwable> error) {}
}
