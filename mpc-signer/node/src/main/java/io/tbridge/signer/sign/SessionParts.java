package io.tbridge.signer.sign;

import io.tbridge.signer.mpc.SessionDriver;
import io.tbridge.signer.state.SignerState;
import io.tbridge.tss.auxinfo.AuxInfo;
import io.tbridge.tss.keygen.KeyShare;
import io.tbridge.tss.protocol.SessionRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What this node's presigning and signing sessions run with: the key, the transport's driver, the
 * journal, and where the work runs.
 *
 * @param keyId the key's id (part of every session id)
 * @param share this node's key share
 * @param aux this node's aux info
 * @param driver runs sessions over the transport; its rounds must not run on {@code compute}
 * @param state the journal and the consumed-presignature record
 * @param registry refuses a session id reused within this process
 * @param random fresh randomness
 * @param compute the inner work of a presigning round
 * @param pool precomputed proof randomness, if the node keeps a pool
 * @param roundDeadline longest wait for one protocol round
 * @param clock the node's clock
 */
public record SessionParts(
    String keyId,
    KeyShare share,
    AuxInfo aux,
    SessionDriver driver,
    SignerState state,
    SessionRegistry registry,
    SecureRandom random,
    Executor compute,
    Optional<PresignPool> pool,
    Duration roundDeadline,
    Clock clock) {

  /** Validating constructor. */
  public SessionParts {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(aux, "aux");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(roundDeadline, "roundDeadline");
    Objects.requireNonNull(clock, "clock");
  }
}
