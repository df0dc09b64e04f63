package io.tbridge.relayer.submit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tbridge.core.Address;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.relayer.rpc.BlockRef;
import io.tbridge.relayer.rpc.EthRpc;
import io.tbridge.relayer.rpc.JsonRpcError;
import io.tbridge.relayer.rpc.RpcException;
import io.tbridge.relayer.rpc.TxReceipt;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * Gets signed releases mined on one destination chain.
 *
 * <p>Single-threaded by design: {@link #submit} only enqueues; {@link #tick} does all the work
 * (admit new jobs, check receipts and replace stuck transactions, send what is due). Per job: skip
 * deposits already released on chain; simulate ({@code eth_estimateGas}) and classify a revert —
 * already released → done, pause/caps/liquidity → retry later with backoff, anything else → dead
 * letter with an alert; take a nonce, sign an EIP-1559 transaction with capped fees, send it. A
 * nonce whose transaction the node refused is given back; a transaction that may have reached the
 * node keeps its nonce and is re-sent with higher fees if it is not mined in time, so no gap can
 * remain. A job is finished (its callback runs) only in a final state.
 */
public final class ReleaseSubmitter {

  private static final Logger LOG = Logger.getLogger(ReleaseSubmitter.class);

  private final SubmitSettings settings;
  private final EthRpc rpc;
  private final Credentials sender;
  private final Address senderAddress;
  private final NonceManager nonces;
  private final FeeOracle fees;
  private final SubmitListener listener;
  private final Clock clock;

  private final ConcurrentLinkedQueue<SubmitJob> inbox = new ConcurrentLinkedQueue<>();
  private final Deque<Work> ready = new ArrayDeque<>();
  private final List<Work> delayed = new ArrayList<>();
  private final List<Work> blocked = new ArrayList<>();
  private final TreeMap<BigInteger, Pending> pending = new TreeMap<>();
  private final Map<DepositId, Work> active = new HashMap<>();
  private final AtomicInteger backlog = new AtomicInteger();

  private final Counter submissions;
  private final Counter replacements;
  private final Counter released;
  private final Counter skipped;
  private final Counter duplicates;
  private final Counter reverts;
  private final Counter deadLetters;
  private final Counter gasUsed;
  private final Counter feesPaidGwei;

  /** A submitter for one chain; {@code sender} pays gas and is never logged. */
  public ReleaseSubmitter(
      SubmitSettings settings,
      EthRpc rpc,
      Credentials sender,
      SubmitListener listener,
      MeterRegistry metrics,
      Clock clock) {
    this.settings = settings;
    this.rpc = rpc;
    this.sender = sender;
    this.senderAddress = Address.of(sender.getAddress());
    this.nonces = new NonceManager(rpc, senderAddress);
    this.fees = new FeeOracle(rpc, settings);
    this.listener = listener;
    this.clock = clock;
    Tags t = Tags.of("chain", settings.name());
    this.submissions = metrics.counter("relayer.submissions", t);
    this.replacements = metrics.counter("relayer.replacements", t);
    this.released = metrics.counter("relayer.releases.mined", t);
    this.skipped = metrics.counter("relayer.releases.skipped", t);
    this.duplicates = metrics.counter("relayer.releases.duplicates", t);
    this.reverts = metrics.counter("relayer.releases.reverted", t);
    this.deadLetters = metrics.counter("relayer.releases.dead.lettered", t);
    this.gasUsed = metrics.counter("relayer.gas.used", t);
    this.feesPaidGwei = metrics.counter("relayer.fees.paid.gwei", t);
    metrics.gauge("relayer.submit.backlog", t, backlog);
  }

  /** The settings. */
  public SubmitSettings settings() {
    return settings;
  }

  /** The account that sends release transactions. */
  public Address sender() {
    return senderAddress;
  }

  /** Enqueues a job; thread-safe. The work happens in {@link #tick}. */
  public void submit(SubmitJob job) {
    inbox.add(job);
  }

  /** Jobs not finished yet (queued, waiting to retry, or with a transaction in flight). */
  public int unfinished() {
    return inbox.size() + ready.size() + delayed.size() + blocked.size() + pending.size();
  }

  /** Transactions sent and not yet mined. */
  public int inFlight() {
    return pending.size();
  }

  /** Does one round of work; see the class description. Never throws for RPC trouble. */
  public void tick() {
    SubmitJob job;
    while ((job = inbox.poll()) != null) {
      admit(new Work(job));
    }
    checkPending();
    Instant now = clock.instant();
    for (Iterator<Work> it = delayed.iterator(); it.hasNext(); ) {
      Work w = it.next();
      if (!w.retryAt.isAfter(now)) {
        it.remove();
        ready.add(w);
      }
    }
    int n = ready.size();
    for (int i = 0; i < n && !ready.isEmpty(); i++) {
      process(ready.poll());
    }
    backlog.set(unfinished());
  }

  private void admit(Work w) {
    SignedRelease r = w.job.release();
    if (!r.destination().chainId().equals(settings.chainId())
        || !r.destination().verifyingContract().equals(settings.bridge())) {
      deadLetter(
          w,
          RejectReason.REJECTED_BY_POLICY,
          "signed for "
              + r.destination()
              + ", this submitter serves "
              + settings.chainId()
              + "/"
              + settings.bridge());
      return;
    }
    for (DepositId id : r.payload().depositIds()) {
      Work other = active.get(id);
      if (other != null) {
        if (other.job.release().equals(r)) {
          // Redelivery or rescan of the very same signed release: nothing more to do.
          duplicates.increment();
          LOG.infof("chain=%s deposit=%s duplicate delivery ignored", settings.name(), id);
          w.job.onDone().run();
        } else {
          blocked.add(w);
        }
        return;
      }
    }
    for (DepositId id : r.payload().depositIds()) {
      active.put(id, w);
    }
    ready.add(w);
  }

  private void process(Work w) {
    SignedRelease r = w.job.release();
    ReleasePayload payload = r.payload();
    byte[] data = BridgeAbi.releaseCall(payload, r.signature());
    try {
      List<Release> members =
          payload instanceof Release one ? List.of(one) : ((ReleaseBatch) payload).releases();
      int done = 0;
      for (Release m : members) {
        byte[] ret =
            rpc.call(
                Optional.empty(),
                settings.bridge(),
                BridgeAbi.isReleasedCall(m.srcChainId(), m.srcBridge(), m.nonce()),
                BlockRef.LATEST);
        if (BridgeAbi.decodeBool(ret)) {
          done++;
        }
      }
      if (done == members.size()) {
        skipped.increment();
        finish(w, DepositStage.RELEASED, Optional.empty(), "already released on chain");
        return;
      }
      if (done > 0) {
        deadLetter(
            w,
            RejectReason.INVALID,
            done
                + " of "
                + members.size()
                + " batch members already released; the batch can"
                + " never succeed as signed");
        return;
      }

      BigInteger gas;
      try {
        gas = rpc.estimateGas(senderAddress, settings.bridge(), data);
      } catch (JsonRpcError e) {
        if (e.retriable()) {
          throw e;
        }
        onRevert(w, e.data(), "simulation");
        return;
      }
      BigInteger gasLimit =
          gas.multiply(BigInteger.valueOf(100 + settings.gasLimitMarginPercent()))
              .divide(BigInteger.valueOf(100));
      Optional<Fees> f = fees.current();
      if (f.isEmpty()) {
        delay(w, "base fee above the configured cap " + settings.maxFeeCap(), false);
        return;
      }
      send(w, data, gasLimit, f.get());
    } catch (RpcException e) {
      delay(w, "RPC: " + e.getMessage(), false);
    }
  }

  private void send(Work w, byte[] data, BigInteger gasLimit, Fees f) {
    BigInteger nonce = nonces.acquire();
    byte[] raw = sign(nonce, gasLimit, data, f);
    Hash32 hash = Hash32.of(Hash.sha3(raw));
    try {
      rpc.sendRawTransaction(raw);
    } catch (JsonRpcError e) {
      String msg = e.rpcMessage().toLowerCase(Locale.ROOT);
      if (msg.contains("already known")) {
        LOG.debugf("chain=%s tx %s already in the pool", settings.name(), hash);
      } else if (msg.contains("nonce too low")) {
        nonces.resync();
        delay(w, "nonce too low, resynchronised", false, Duration.ZERO);
        return;
      } else {
        // The node refused it: nothing was accepted, so the nonce goes back (no gap).
        nonces.release(nonce);
        delay(w, "send refused: " + e.rpcMessage(), false);
        return;
      }
    } catch (RpcException e) {
      // Unknown whether the node got it: keep the nonce and the locally computed hash; if the
      // transaction never arrived it is re-sent (with higher fees) once it counts as stuck.
      LOG.warnf(
          "chain=%s tx %s nonce %s: send outcome unknown (%s), tracking it",
          settings.name(), hash, nonce, e.getMessage());
    }
    Pending p = new Pending(w, nonce, gasLimit, data, f, clock.instant());
    p.hashes.add(hash);
    p.raw = raw;
    pending.put(nonce, p);
    submissions.increment();
    status(w, DepositStage.SUBMITTED, Optional.of(hash), "nonce " + nonce);
    LOG.infof(
        "chain=%s deposit=%s sent tx %s nonce %s maxFee %s",
        settings.name(), w.label(), hash, nonce, f.maxFeePerGas());
  }

  private byte[] sign(BigInteger nonce, BigInteger gasLimit, byte[] data, Fees f) {
    RawTransaction tx =
        RawTransaction.createTransaction(
            settings.chainId().value(),
            nonce,
            gasLimit,
            settings.bridge().toLowerHex(),
            BigInteger.ZERO,
            "0x" + HexFormat.of().formatHex(data),
            f.maxPriorityFeePerGas(),
            f.maxFeePerGas());
    return TransactionEncoder.signMessage(tx, sender);
  }

  private void checkPending() {
    for (Pending p : new ArrayList<>(pending.values())) {
      Optional<TxReceipt> receipt;
      try {
        receipt = Optional.empty();
        for (Hash32 h : p.hashes) {
          receipt = rpc.receipt(h);
          if (receipt.isPresent()) {
            break;
          }
        }
      } catch (RpcException e) {
        LOG.warnf("chain=%s receipt check failed: %s", settings.name(), e.getMessage());
        return;
      }
      if (receipt.isPresent()) {
        pending.remove(p.nonce);
        onMined(p, receipt.get());
      } else if (!clock.instant().isBefore(p.lastSent.plus(settings.stuckAfter()))) {
        replace(p);
      }
    }
  }

  private void onMined(Pending p, TxReceipt receipt) {
    gasUsed.increment(receipt.gasUsed().doubleValue());
    feesPaidGwei.increment(receipt.feePaid().doubleValue() / 1e9);
    if (receipt.success()) {
      released.increment();
      finish(p.work, DepositStage.RELEASED, Optional.of(receipt.txHash()), "mined");
      return;
    }
    reverts.increment();
    // Replay the call on the state after the block to learn why it reverted.
    Optional<String> revertData = Optional.empty();
    try {
      rpc.call(
          Optional.of(senderAddress),
          settings.bridge(),
          p.data,
          BlockRef.number(receipt.blockNumber()));
    } catch (JsonRpcError e) {
      revertData = e.data();
    } catch (RpcException e) {
      LOG.warnf("chain=%s cannot replay reverted tx: %s", settings.name(), e.getMessage());
    }
    onRevert(p.work, revertData, "transaction " + receipt.txHash());
  }

  private void onRevert(Work w, Optional<String> revertData, String where) {
    Optional<String> name = revertData.flatMap(BridgeAbi::errorName);
    RevertClass c = RevertClass.of(name);
    String reason = name.orElse("unknown revert " + revertData.orElse("(no data)"));
    switch (c) {
      case ALREADY_RELEASED -> {
        skipped.increment();
        finish(w, DepositStage.RELEASED, Optional.empty(), "already released (" + where + ")");
      }
      case RETRY_LATER -> delay(w, where + " reverted: " + reason, name.isEmpty());
      case DEAD_LETTER ->
          deadLetter(w, RejectReason.REJECTED_BY_POLICY, where + " reverted: " + reason);
    }
  }

  private void replace(Pending p) {
    Fees bumped = p.fees.bumped(settings.bumpPercent());
    Fees next;
    try {
      next = fees.current().map(bumped::max).orElse(bumped);
    } catch (RpcException e) {
      next = bumped;
    }
    next = next.capped(settings.maxFeeCap(), settings.maxPriorityFee());
    p.lastSent = clock.instant();
    if (next.maxFeePerGas().compareTo(p.fees.maxFeePerGas()) <= 0) {
      LOG.errorf(
          "ALERT chain=%s tx nonce %s stuck at the fee cap %s",
          settings.name(), p.nonce, settings.maxFeeCap());
      rebroadcast(p);
      return;
    }
    byte[] raw = sign(p.nonce, p.gasLimit, p.data, next);
    Hash32 hash = Hash32.of(Hash.sha3(raw));
    try {
      rpc.sendRawTransaction(raw);
    } catch (JsonRpcError e) {
      String msg = e.rpcMessage().toLowerCase(Locale.ROOT);
      if (msg.contains("nonce too low")) {
        // An earlier version was mined meanwhile: its receipt shows up on the next check.
        p.nonceUsedChecks++;
        if (p.nonceUsedChecks >= 3) {
          // None of our hashes was mined but the nonce is used: re-check the job from scratch.
          pending.remove(p.nonce);
          nonces.resync();
          ready.add(p.work);
        }
        return;
      }
      LOG.warnf("chain=%s replacement refused: %s", settings.name(), e.rpcMessage());
      return;
    } catch (RpcException e) {
      LOG.warnf("chain=%s replacement outcome unknown: %s", settings.name(), e.getMessage());
    }
    p.hashes.add(hash);
    p.fees = next;
    p.raw = raw;
    replacements.increment();
    LOG.infof(
        "chain=%s nonce %s replaced by %s with maxFee %s",
        settings.name(), p.nonce, hash, next.maxFeePerGas());
  }

  private void rebroadcast(Pending p) {
    try {
      rpc.sendRawTransaction(p.raw);
    } catch (RpcException e) {
      LOG.debugf("chain=%s rebroadcast: %s", settings.name(), e.getMessage());
    }
  }

  private void delay(Work w, String reason, boolean countsAsAttempt) {
    long shift = Math.min(20, w.retries);
    Duration backoff = settings.retryBase().multipliedBy(1L << shift);
    if (backoff.compareTo(settings.retryMax()) > 0) {
      backoff = settings.retryMax();
    }
    delay(w, reason, countsAsAttempt, backoff);
  }

  private void delay(Work w, String reason, boolean countsAsAttempt, Duration backoff) {
    w.retries++;
    if (countsAsAttempt) {
      w.unknownFailures++;
      if (w.unknownFailures >= settings.maxAttempts()) {
        deadLetter(w, RejectReason.REJECTED_BY_POLICY, "gave up after: " + reason);
        return;
      }
    }
    w.retryAt = clock.instant().plus(backoff);
    delayed.add(w);
    LOG.warnf("chain=%s deposit=%s retry in %s: %s", settings.name(), w.label(), backoff, reason);
  }

  private void deadLetter(Work w, RejectReason reason, String detail) {
    deadLetters.increment();
    LOG.errorf("ALERT chain=%s deposit=%s dead-lettered: %s", settings.name(), w.label(), detail);
    listener.deadLetter(w.job, reason, detail);
    finish(w, DepositStage.FAILED, Optional.empty(), detail);
  }

  private void finish(Work w, DepositStage stage, Optional<Hash32> tx, String detail) {
    for (DepositId id : w.job.release().payload().depositIds()) {
      active.remove(id, w);
    }
    status(w, stage, tx, detail);
    w.job.onDone().run();
    // Jobs that waited for these deposits are re-checked now (usually: already released).
    for (Iterator<Work> it = blocked.iterator(); it.hasNext(); ) {
      Work b = it.next();
      boolean free = b.job.release().payload().depositIds().stream().noneMatch(active::containsKey);
      if (free) {
        it.remove();
        admit(b);
      }
    }
  }

  private void status(Work w, DepositStage stage, Optional<Hash32> tx, String detail) {
    Instant at = Instant.ofEpochMilli(clock.millis());
    String d =
        detail.length() > StatusEvent.MAX_DETAIL_CHARS
            ? detail.substring(0, StatusEvent.MAX_DETAIL_CHARS)
            : detail;
    for (DepositId id : w.job.release().payload().depositIds()) {
      try {
        listener.status(
            new StatusEvent(id, stage, at, tx.map(h -> settings.chainId()), tx, Optional.of(d)));
      } catch (RuntimeException e) {
        LOG.warnf("status event not published: %s", e.getMessage());
      }
    }
  }

  private static final class Work {
    final SubmitJob job;
    int retries;
    int unknownFailures;
    Instant retryAt = Instant.EPOCH;

    Work(SubmitJob job) {
      this.job = job;
    }

    String label() {
      List<DepositId> ids = job.release().payload().depositIds();
      return ids.size() == 1 ? ids.get(0).toString() : ids.get(0) + "+" + (ids.size() - 1);
    }
  }

  private static final class Pending {
    final Work work;
    final BigInteger nonce;
    final BigInteger gasLimit;
    final byte[] data;
    final List<Hash32> hashes = new ArrayList<>();
    Fees fees;
    Instant lastSent;
    byte[] raw;
    int nonceUsedChecks;

    Pending(Work work, BigInteger nonce, BigInteger gasLimit, byte[] data, Fees fees, Instant at) {
      this.work = work;
      this.nonce = nonce;
      this.gasLimit = gasLimit;
      this.data = data;
      this.fees = fees;
      this.lastSent = at;
    }
  }
}
