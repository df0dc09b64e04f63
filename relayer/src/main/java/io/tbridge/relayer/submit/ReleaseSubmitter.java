package io.tbridge.relayer.submit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tbridge.chain.bridge.BridgeAbi;
import io.tbridge.chain.rpc.BlockRef;
import io.tbridge.chain.rpc.EthRpc;
import io.tbridge.chain.rpc.JsonRpcError;
import io.tbridge.chain.rpc.QuorumDisagreementException;
import io.tbridge.chain.rpc.QuorumReader;
import io.tbridge.chain.rpc.QuorumUnavailableException;
import io.tbridge.chain.rpc.RpcException;
import io.tbridge.chain.rpc.TxReceipt;
import io.tbridge.chain.tx.TransactionSigner;
import io.tbridge.core.Address;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Release;
import io.tbridge.core.ReleaseBatch;
import io.tbridge.core.ReleasePayload;
import io.tbridge.core.wire.DepositStage;
import io.tbridge.core.wire.RejectReason;
import io.tbridge.core.wire.SignedRelease;
import io.tbridge.core.wire.SingleRequest;
import io.tbridge.core.wire.StatusEvent;
import io.tbridge.serviceconfig.OwnedCounter;
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
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;

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
 *
 * <p>Transactions go out through one endpoint, but every read that finishes a job without sending
 * (already released, an {@code AlreadyReleased} revert) or marks it released (a successful receipt)
 * is confirmed by {@code isReleased} on a quorum of endpoints that must all agree, so one lying
 * endpoint can delay a release but never make it be skipped. Every transaction is recorded in the
 * {@link PendingStore} before it is sent and forgotten once mined, so a restarted submitter keeps
 * watching (and replacing) it instead of sending the release again.
 *
 * <p>Near the end of a source's replay-bitmap word, a {@code prewarmReplayWords} transaction for
 * the next words is sent when no release waits ({@link ReplayPrewarmer} decides which); it uses the
 * same nonce sequence and tracking, and its failures are only logged.
 */
public final class ReleaseSubmitter {

  private static final Logger LOG = Logger.getLogger(ReleaseSubmitter.class);

  private final SubmitSettings settings;
  private final EthRpc rpc;
  private final QuorumReader reads;
  private final PendingStore store;
  private final TransactionSigner sender;
  private final Address senderAddress;
  private final NonceManager nonces;
  private final FeeOracle fees;
  private final SubmitListener listener;
  private final ReplayPrewarmer prewarmer;
  private final Clock clock;

  private final ConcurrentLinkedQueue<SubmitJob> inbox = new ConcurrentLinkedQueue<>();
  private final Deque<Work> ready = new ArrayDeque<>();
  private final List<Work> delayed = new ArrayList<>();
  private final List<Work> blocked = new ArrayList<>();
  private final TreeMap<BigInteger, Pending> pending = new TreeMap<>();
  private final Map<DepositId, Work> active = new HashMap<>();
  private final Map<DepositId, Pending> recovered = new HashMap<>();
  private final AtomicInteger backlog = new AtomicInteger();

  private final OwnedCounter submissions;
  private final OwnedCounter replacements;
  private final OwnedCounter released;
  private final OwnedCounter skipped;
  private final OwnedCounter duplicates;
  private final OwnedCounter reverts;
  private final OwnedCounter deadLetters;
  private final OwnedCounter gasUsed;
  private final OwnedCounter feesPaidGwei;
  private final OwnedCounter readDisagreements;
  private final OwnedCounter prewarmGas;
  private final OwnedCounter splits;

  /**
   * A submitter for one chain: transactions go through {@code rpc}, skip/done decisions need {@code
   * reads}' quorum, transactions in flight are recorded in {@code store} (and resumed from it now);
   * {@code sender} signs for the account that pays gas.
   */
  public ReleaseSubmitter(
      SubmitSettings settings,
      EthRpc rpc,
      QuorumReader reads,
      PendingStore store,
      TransactionSigner sender,
      SubmitListener listener,
      MeterRegistry metrics,
      Clock clock) {
    this.settings = settings;
    this.rpc = rpc;
    this.reads = reads;
    this.store = store;
    this.sender = sender;
    this.senderAddress = sender.address();
    this.nonces = new NonceManager(rpc, senderAddress);
    this.fees = new FeeOracle(rpc, settings);
    this.listener = listener;
    this.prewarmer = new ReplayPrewarmer(settings.name(), settings.prewarm());
    this.clock = clock;
    Tags t = Tags.of("chain", settings.name());
    this.submissions = counter(metrics, "relayer.submissions", "Release transactions sent", t);
    this.replacements =
        counter(metrics, "relayer.replacements", "Fee-bump replacement transactions sent", t);
    this.released =
        counter(metrics, "relayer.releases.mined", "Releases mined successfully (confirmed)", t);
    this.skipped =
        counter(metrics, "relayer.releases.skipped", "Releases found already released", t);
    this.duplicates =
        counter(
            metrics, "relayer.releases.duplicates", "Duplicate deliveries ignored in flight", t);
    this.reverts =
        counter(metrics, "relayer.releases.reverted", "Release transactions mined reverted", t);
    this.deadLetters =
        counter(metrics, "relayer.releases.dead.lettered", "Releases given up (dead-lettered)", t);
    this.gasUsed = counter(metrics, "relayer.gas.used", "Gas used by release transactions", t);
    this.feesPaidGwei =
        counter(metrics, "relayer.fees.paid.gwei", "Fees paid by release transactions, gwei", t);
    this.readDisagreements =
        counter(
            metrics,
            "relayer.submit.read.disagreements",
            "Destination endpoints disagreeing on isReleased (decision postponed)",
            t);
    this.prewarmGas =
        counter(
            metrics,
            "relayer.prewarm.gas.used",
            "Gas used by replay-bitmap prewarm transactions",
            t);
    this.splits =
        counter(
            metrics,
            "relayer.batches.split",
            "Batches that could not be paid whole; single releases asked of the signers",
            t);
    Gauge.builder("relayer.submit.backlog", backlog, AtomicInteger::get)
        .description("Releases not finished (queued, waiting to retry or in flight)")
        .tags(t)
        .register(metrics);
    for (PendingSubmission ps : store.load()) {
      Pending p =
          new Pending(
              null,
              ps.depositIds(),
              ps.nonce(),
              ps.gasLimit(),
              ps.data(),
              ps.fees(),
              ps.lastSent());
      p.hashes.addAll(ps.hashes());
      if (ps.prewarm()) {
        p.what = "words of a resumed transaction";
        prewarmer.resumed(ps.data());
      }
      p.raw = sign(p.nonce, p.gasLimit, p.data, p.fees);
      pending.put(p.nonce, p);
      for (DepositId id : p.depositIds) {
        recovered.put(id, p);
      }
      LOG.infof(
          "chain=%s resuming tx %s nonce %s from the pending store",
          settings.name(), ps.hashes().get(ps.hashes().size() - 1), ps.nonce());
    }
  }

  private static OwnedCounter counter(MeterRegistry m, String name, String help, Tags tags) {
    return OwnedCounter.register(m, name, help, tags);
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
    int orphans = (int) pending.values().stream().filter(p -> p.work == null).count();
    return inbox.size() + ready.size() + delayed.size() + blocked.size() + pending.size() - orphans;
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
    if (ready.isEmpty() && inbox.isEmpty()) {
      // Lowest priority, one per round: only when no release waits to be sent.
      prewarmer.next().ifPresent(this::prewarm);
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
    Pending resumed = recovered.get(r.payload().depositIds().get(0));
    if (resumed != null && resumed.depositIds.equals(r.payload().depositIds())) {
      // Sent before a restart and still in flight: watch that transaction, do not send anew.
      resumed.work = w;
      resumed.depositIds.forEach(recovered::remove);
      for (DepositId id : r.payload().depositIds()) {
        active.put(id, w);
      }
      LOG.infof(
          "chain=%s deposit=%s already in flight as nonce %s",
          settings.name(), w.label(), resumed.nonce);
      return;
    }
    for (DepositId id : r.payload().depositIds()) {
      if (recovered.containsKey(id)) {
        // Another transaction in flight covers this deposit: decide once it is mined.
        blocked.add(w);
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
      List<Release> members = members(payload);
      OptionalInt agreed = releasedCount(members);
      if (agreed.isEmpty()) {
        delay(w, "endpoints gave no quorum on isReleased", false);
        return;
      }
      int done = agreed.getAsInt();
      if (done == members.size()) {
        skipped.increment();
        finish(w, DepositStage.RELEASED, Optional.empty(), "already released on chain");
        return;
      }
      if (done > 0) {
        // releaseBatch skips members already released (ReleaseSkipped) and pays the rest.
        LOG.infof(
            "chain=%s %d of %d batch members already released; sending the batch for the rest",
            settings.name(), done, members.size());
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
      BigInteger gasLimit = withMargin(gas);
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

  private BigInteger withMargin(BigInteger gas) {
    return gas.multiply(BigInteger.valueOf(100 + settings.gasLimitMarginPercent()))
        .divide(BigInteger.valueOf(100));
  }

  /** The next nonce, above every transaction still tracked. */
  private BigInteger acquireNonce() {
    return nonces.acquire(
        pending.isEmpty() ? BigInteger.ZERO : pending.lastKey().add(BigInteger.ONE));
  }

  private void send(Work w, byte[] data, BigInteger gasLimit, Fees f) {
    BigInteger nonce = acquireNonce();
    byte[] raw = sign(nonce, gasLimit, data, f);
    Hash32 hash = Hash32.of(Hash.sha3(raw));
    Pending p =
        new Pending(
            w, w.job.release().payload().depositIds(), nonce, gasLimit, data, f, clock.instant());
    p.hashes.add(hash);
    p.raw = raw;
    // Write-ahead: after a crash from here on, the restarted submitter watches this nonce.
    persist(p);
    try {
      rpc.sendRawTransaction(raw);
    } catch (JsonRpcError e) {
      String msg = e.rpcMessage().toLowerCase(Locale.ROOT);
      if (msg.contains("already known")) {
        LOG.debugf("chain=%s tx %s already in the pool", settings.name(), hash);
      } else if (msg.contains("nonce too low")) {
        store.remove(nonce);
        nonces.resync();
        delay(w, "nonce too low, resynchronised", false, Duration.ZERO);
        return;
      } else {
        // The node refused it: nothing was accepted, so the nonce goes back (no gap).
        store.remove(nonce);
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
    pending.put(nonce, p);
    submissions.increment();
    status(w, DepositStage.SUBMITTED, Optional.of(hash), "nonce " + nonce);
    LOG.infof(
        "chain=%s deposit=%s sent tx %s nonce %s maxFee %s",
        settings.name(), w.label(), hash, nonce, f.maxFeePerGas());
    prewarmer.releasing(members(w.job.release().payload()));
  }

  /**
   * Sends one prewarm transaction. It takes the next nonce like a release and is tracked (and
   * replaced when stuck) like one, so it can never leave a gap; any failure is only logged.
   */
  private void prewarm(ReplayPrewarmer.Request r) {
    String what = r.toString();
    byte[] data = r.call();
    BigInteger gasLimit;
    Fees f;
    try {
      gasLimit = withMargin(rpc.estimateGas(senderAddress, settings.bridge(), data));
      Optional<Fees> current = fees.current();
      if (current.isEmpty()) {
        prewarmer.failed(what, "base fee above the configured cap " + settings.maxFeeCap());
        return;
      }
      f = current.get();
    } catch (JsonRpcError e) {
      String why = e.data().flatMap(BridgeAbi::errorName).orElse(e.rpcMessage());
      prewarmer.failed(what, "simulation: " + why);
      return;
    } catch (RpcException e) {
      prewarmer.failed(what, "RPC: " + e.getMessage());
      return;
    }
    BigInteger nonce = acquireNonce();
    byte[] raw;
    try {
      raw = sign(nonce, gasLimit, data, f);
    } catch (RuntimeException e) {
      nonces.release(nonce);
      prewarmer.failed(what, "signing failed: " + e.getClass().getSimpleName());
      return;
    }
    Hash32 hash = Hash32.of(Hash.sha3(raw));
    Pending p = new Pending(null, List.of(), nonce, gasLimit, data, f, clock.instant());
    p.what = what;
    p.hashes.add(hash);
    p.raw = raw;
    persist(p);
    try {
      rpc.sendRawTransaction(raw);
    } catch (JsonRpcError e) {
      String msg = e.rpcMessage().toLowerCase(Locale.ROOT);
      if (!msg.contains("already known")) {
        store.remove(nonce);
        if (msg.contains("nonce too low")) {
          nonces.resync();
        } else {
          nonces.release(nonce);
        }
        prewarmer.failed(what, "send refused: " + e.rpcMessage());
        return;
      }
    } catch (RpcException e) {
      LOG.warnf(
          "chain=%s prewarm tx %s nonce %s: send outcome unknown (%s), tracking it",
          settings.name(), hash, nonce, e.getMessage());
    }
    pending.put(nonce, p);
    LOG.infof("chain=%s prewarm of %s sent tx %s nonce %s", settings.name(), what, hash, nonce);
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
    return sender.sign(tx, settings.chainId());
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
      if (receipt.isPresent() && receipt.get().success() && !confirmedReleased(p)) {
        // The receipt says released but a quorum does not (yet): a lagging or lying endpoint.
        // Keep watching; if it was never mined, the stuck logic re-sends it.
        LOG.warnf(
            "chain=%s tx %s has a receipt but a quorum does not confirm the release yet",
            settings.name(), receipt.get().txHash());
        receipt = Optional.empty();
      }
      if (receipt.isPresent()) {
        forget(p);
        if (p.depositIds.isEmpty()) {
          TxReceipt rc = receipt.get();
          prewarmGas.increment(rc.gasUsed().doubleValue());
          if (rc.success()) {
            prewarmer.succeeded(p.what + " (tx " + rc.txHash() + ", gas " + rc.gasUsed() + ")");
          } else {
            prewarmer.failed(p.what, "transaction " + rc.txHash() + " mined reverted");
          }
          releaseBlocked();
          continue;
        }
        if (p.work == null) {
          LOG.infof(
              "chain=%s resumed nonce %s mined (status %s); its release is decided on redelivery",
              settings.name(), p.nonce, receipt.get().success() ? "ok" : "reverted");
          gasUsed.increment(receipt.get().gasUsed().doubleValue());
          feesPaidGwei.increment(receipt.get().feePaid().doubleValue() / 1e9);
          releaseBlocked();
          continue;
        }
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
    if (c != RevertClass.ALREADY_RELEASED
        && w.job.release().payload() instanceof ReleaseBatch batch
        && (RevertClass.splitsBatch(name) || RevertClass.foreignError(revertData))) {
      split(w, batch, where, reason);
      return;
    }
    switch (c) {
      case ALREADY_RELEASED -> {
        // One endpoint's revert is not proof: the quorum must agree every member is released.
        List<Release> members = members(w.job.release().payload());
        OptionalInt agreed = releasedCount(members);
        if (agreed.isPresent() && agreed.getAsInt() == members.size()) {
          skipped.increment();
          finish(w, DepositStage.RELEASED, Optional.empty(), "already released (" + where + ")");
        } else {
          delay(w, where + " reverted AlreadyReleased but a quorum does not confirm it", false);
        }
      }
      case RETRY_LATER -> delay(w, where + " reverted: " + reason, name.isEmpty());
      case DEAD_LETTER ->
          deadLetter(w, RejectReason.REJECTED_BY_POLICY, where + " reverted: " + reason);
    }
  }

  /**
   * One member of {@code batch} cannot be paid, so the batch never can: asks the signers for single
   * releases of its deposits (they sign the same {@code Release} values they verified, each alone)
   * and lets the batch go. The singles arrive on the signed topic as new jobs; only the member that
   * cannot be paid then waits or is dead-lettered, alone. The batch is let go only once the
   * requests are durable.
   */
  private void split(Work w, ReleaseBatch batch, String where, String reason) {
    Instant now = Instant.ofEpochMilli(clock.millis());
    List<SingleRequest> requests = new ArrayList<>();
    List<DepositId> paid = new ArrayList<>();
    for (Release r : batch.releases()) {
      // A member the quorum confirms paid (or voided) needs no single; without a quorum it is
      // asked for anyway: each signer checks isReleased itself before signing.
      if (releasedCount(List.of(r)).orElse(0) == 1) {
        paid.add(r.depositId());
      } else {
        requests.add(SingleRequest.of(r.depositId(), settings.chainId(), now, reason));
      }
    }
    try {
      if (!requests.isEmpty()) {
        listener.requestSingles(requests);
      }
    } catch (RuntimeException e) {
      delay(
          w,
          where + " reverted (" + reason + "); single-release requests not sent: " + e.getMessage(),
          false);
      return;
    }
    splits.increment();
    LOG.warnf(
        "chain=%s deposit=%s %s reverted: %s; asked the signers for %d single releases",
        settings.name(), w.label(), where, reason, requests.size());
    for (DepositId id : w.job.release().payload().depositIds()) {
      active.remove(id, w);
    }
    String asked =
        "batch " + where + " reverted: " + reason + "; single release asked of the signers";
    for (DepositId id : w.job.release().payload().depositIds()) {
      boolean done = paid.contains(id);
      statusOf(
          id,
          done ? DepositStage.RELEASED : DepositStage.SIGNING,
          Optional.empty(),
          done ? "already released on chain" : asked);
    }
    w.job.onDone().run();
    releaseBlocked();
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
    // Write-ahead, as for the first send: the new hash is watched after a crash too (a version
    // the node refused only costs a receipt lookup).
    p.hashes.add(hash);
    Fees previous = p.fees;
    p.fees = next;
    persist(p);
    p.fees = previous;
    try {
      rpc.sendRawTransaction(raw);
    } catch (JsonRpcError e) {
      String msg = e.rpcMessage().toLowerCase(Locale.ROOT);
      if (msg.contains("nonce too low")) {
        // An earlier version was mined meanwhile: its receipt shows up on the next check.
        p.nonceUsedChecks++;
        if (p.nonceUsedChecks >= 3) {
          // None of our hashes was mined but the nonce is used: re-check the job from scratch.
          forget(p);
          nonces.resync();
          if (p.work != null) {
            ready.add(p.work);
          } else {
            releaseBlocked();
          }
        }
        return;
      }
      LOG.warnf("chain=%s replacement refused: %s", settings.name(), e.rpcMessage());
      return;
    } catch (RpcException e) {
      LOG.warnf("chain=%s replacement outcome unknown: %s", settings.name(), e.getMessage());
    }
    p.fees = next;
    p.raw = raw;
    persist(p);
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
    releaseBlocked();
  }

  /** Jobs that waited for deposits now free are re-admitted (usually: already released). */
  private void releaseBlocked() {
    for (Work b : new ArrayList<>(blocked)) {
      boolean free =
          b.job.release().payload().depositIds().stream()
              .noneMatch(id -> active.containsKey(id) || recovered.containsKey(id));
      if (free && blocked.remove(b)) {
        admit(b);
      }
    }
  }

  private static List<Release> members(ReleasePayload payload) {
    return payload instanceof Release one ? List.of(one) : ((ReleaseBatch) payload).releases();
  }

  /**
   * How many of {@code members} a quorum of endpoints agrees are released on chain; empty when the
   * endpoints disagree or too few answer (the caller decides nothing and asks again later).
   */
  private OptionalInt releasedCount(List<Release> members) {
    int done = 0;
    try {
      for (Release m : members) {
        byte[] call = BridgeAbi.isReleasedCall(m.srcChainId(), m.srcBridge(), m.nonce());
        boolean released =
            reads.readAll(
                "isReleased of deposit " + m.depositId(),
                e ->
                    BridgeAbi.decodeBool(
                        e.call(Optional.empty(), settings.bridge(), call, BlockRef.LATEST)));
        if (released) {
          done++;
        }
      }
    } catch (QuorumDisagreementException e) {
      // Either an endpoint lags a block behind or it lies; both resolve by waiting, not guessing.
      readDisagreements.increment();
      LOG.warnf("chain=%s %s", settings.name(), e.getMessage());
      return OptionalInt.empty();
    } catch (QuorumUnavailableException | RpcException e) {
      LOG.warnf("chain=%s isReleased not confirmed: %s", settings.name(), e.getMessage());
      return OptionalInt.empty();
    }
    return OptionalInt.of(done);
  }

  private boolean confirmedReleased(Pending p) {
    if (p.work == null) {
      return true; // nothing is marked done for a resumed transaction; redelivery decides
    }
    List<Release> members = members(p.work.job.release().payload());
    OptionalInt agreed = releasedCount(members);
    return agreed.isPresent() && agreed.getAsInt() == members.size();
  }

  private void persist(Pending p) {
    store.save(
        new PendingSubmission(
            p.nonce, p.depositIds, p.hashes, p.gasLimit, p.fees, p.data, p.lastSent));
  }

  private void forget(Pending p) {
    pending.remove(p.nonce);
    store.remove(p.nonce);
    p.depositIds.forEach(id -> recovered.remove(id, p));
  }

  private void status(Work w, DepositStage stage, Optional<Hash32> tx, String detail) {
    for (DepositId id : w.job.release().payload().depositIds()) {
      statusOf(id, stage, tx, detail);
    }
  }

  private void statusOf(DepositId id, DepositStage stage, Optional<Hash32> tx, String detail) {
    String d =
        detail.length() > StatusEvent.MAX_DETAIL_CHARS
            ? detail.substring(0, StatusEvent.MAX_DETAIL_CHARS)
            : detail;
    Instant at = Instant.ofEpochMilli(clock.millis());
    try {
      listener.status(
          new StatusEvent(id, stage, at, tx.map(h -> settings.chainId()), tx, Optional.of(d)));
    } catch (RuntimeException e) {
      LOG.warnf("status event not published: %s", e.getMessage());
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
    Work work; // null for a transaction resumed from the store whose job was not redelivered yet
    final List<DepositId> depositIds;
    final BigInteger nonce;
    final BigInteger gasLimit;
    final byte[] data;
    final List<Hash32> hashes = new ArrayList<>();
    Fees fees;
    Instant lastSent;
    byte[] raw;
    int nonceUsedChecks;
    String what = "release";

    Pending(
        Work work,
        List<DepositId> depositIds,
        BigInteger nonce,
        BigInteger gasLimit,
        byte[] data,
        Fees fees,
        Instant at) {
      this.work = work;
      this.depositIds = List.copyOf(depositIds);
      this.nonce = nonce;
      this.gasLimit = gasLimit;
      this.data = data;
      this.fees = fees;
      this.lastSent = at;
    }
  }
}
