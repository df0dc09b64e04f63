package io.tbridge.relayer.watch;

import io.tbridge.core.ChainId;
import java.util.Optional;

/** Durable per-chain progress and halt markers. */
public interface CheckpointStore {

  /** The saved checkpoint of {@code chain}, if any. */
  Optional<Checkpoint> load(ChainId chain);

  /** Saves the checkpoint durably before returning. */
  void save(ChainId chain, Checkpoint checkpoint);

  /** The binding of {@code chain}'s checkpoint, absent if none was recorded (older relayer). */
  Optional<CheckpointBinding> binding(ChainId chain);

  /** Records durably what {@code chain}'s checkpoint is bound to. */
  void bind(ChainId chain, CheckpointBinding binding);

  /** The halt reason recorded for {@code chain}, if the chain is halted. */
  Optional<String> haltReason(ChainId chain);

  /** Records durably that {@code chain} is halted; an operator clears it (see operations.md). */
  void halt(ChainId chain, String reason);
}
