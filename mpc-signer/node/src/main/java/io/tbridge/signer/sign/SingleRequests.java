package io.tbridge.signer.sign;

import io.tbridge.core.DepositId;
import io.tbridge.core.LockEvent;
import io.tbridge.core.wire.DecodeResult;
import io.tbridge.core.wire.ObservedLockCodec;
import io.tbridge.core.wire.SingleRequest;
import io.tbridge.signer.state.SignerState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The submitter's requests for single releases (a batch one member of which cannot be paid). A
 * request names a deposit only: this node takes it up once per deposit, and only for a deposit
 * whose lock it verified itself, by verifying that lock again from its own record and signing the
 * release it agreed to alone. So a forged or repeated request can cost at most one signing session
 * per deposit this node signed, and can never change what is signed.
 */
final class SingleRequests {

  private static final Logger LOG = Logger.getLogger(SingleRequests.class);

  private final SignerState state;
  private final Clock clock;
  private final ObservedLockCodec codec = new ObservedLockCodec();

  SingleRequests(SignerState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /** Keeps the lock this node verified, for a later request (called once it is agreed). */
  void verified(LockEvent hint) {
    state.rememberLock(hint.depositId(), codec.encode(hint));
  }

  /** The requested single of {@code id} needs nothing more here: signed alone, or released. */
  void done(DepositId id) {
    state.singleDone(id, clock.instant());
  }

  /**
   * The locks of singles taken up before a restart and not done: the request was read once and is
   * not read again, so without this a restart in the middle would lose the single for good.
   */
  List<LockEvent> unfinished() {
    List<LockEvent> out = new ArrayList<>();
    for (byte[] stored : state.unfinishedSingles()) {
      Optional<LockEvent> hint = codec.decode(stored).value();
      if (hint.isEmpty()) {
        LOG.errorf("ALERT a lock kept in the signer state does not decode; single not resumed");
        continue;
      }
      LOG.infof(
          "deposit=%s single release taken up before a restart: resumed", hint.get().depositId());
      out.add(hint.get());
    }
    return out;
  }

  /** The lock to verify again and sign alone, if this request is to be taken up. */
  Optional<LockEvent> takeUp(SingleRequest request) {
    DepositId id = request.depositId();
    Optional<byte[]> stored = state.verifiedLock(id);
    if (stored.isEmpty()) {
      LOG.infof(
          "deposit=%s single release requested (%s): not verified here, ignored",
          id, request.reason());
      return Optional.empty();
    }
    DecodeResult<LockEvent> decoded = codec.decode(stored.get());
    if (decoded.value().isEmpty()) {
      LOG.errorf("ALERT deposit=%s: the lock kept in the signer state does not decode", id);
      return Optional.empty();
    }
    LockEvent hint = decoded.value().get();
    if (!hint.dstChainId().equals(request.dstChainId())) {
      LOG.warnf(
          "deposit=%s single release requested for chain %s, but it is released on %s: ignored",
          id, request.dstChainId(), hint.dstChainId());
      return Optional.empty();
    }
    if (state.parked(id).isPresent()) {
      LOG.infof("deposit=%s single release requested, but it is parked here: ignored", id);
      return Optional.empty();
    }
    if (!state.takeSingleRequest(id, clock.instant())) {
      LOG.infof("deposit=%s single release requested again: taken up once already, ignored", id);
      return Optional.empty();
    }
    LOG.infof(
        "deposit=%s dst=%s single release requested (%s): verifying the lock again",
        id, hint.dstChainId(), request.reason());
    return Optional.of(hint);
  }
}
