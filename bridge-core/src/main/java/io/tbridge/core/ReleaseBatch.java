package io.tbridge.core;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Releases for one destination chain, signed together as {@code ReleaseBatch(Release[] releases)}.
 * Order matters (it is part of the signed digest); a deposit appears at most once.
 *
 * @param dstChainId the chain every release in the batch is paid out on
 * @param releases 1 to {@link #MAX_RELEASES} releases, no deposit twice
 */
public record ReleaseBatch(ChainId dstChainId, List<Release> releases) implements ReleasePayload {
  /** Upper bound that keeps one batch well inside a block's gas limit. */
  public static final int MAX_RELEASES = 64;

  /** Validates size, uniqueness of deposits and that no release comes from its own chain. */
  public ReleaseBatch {
    Objects.requireNonNull(dstChainId, "dstChainId");
    Objects.requireNonNull(releases, "releases");
    releases = List.copyOf(releases);
    if (releases.isEmpty() || releases.size() > MAX_RELEASES) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + MAX_RELEASES + " releases, got " + releases.size());
    }
    Set<DepositId> seen = new HashSet<>();
    for (Release release : releases) {
      if (release.srcChainId().equals(dstChainId)) {
        throw new IllegalArgumentException(
            "release from chain " + release.srcChainId() + " cannot be paid out on that chain");
      }
      if (!seen.add(release.depositId())) {
        throw new IllegalArgumentException(
            "deposit " + release.depositId() + " appears twice in the batch");
      }
    }
  }

  /** The batch of {@code releases} for {@code dstChainId}. */
  public static ReleaseBatch of(ChainId dstChainId, List<Release> releases) {
    return new ReleaseBatch(dstChainId, releases);
  }

  /**
   * The batch paying out {@code locks} in order.
   *
   * @throws IllegalArgumentException if the locks do not all target the same chain
   */
  public static ReleaseBatch fromLocks(List<LockEvent> locks) {
    Objects.requireNonNull(locks, "locks");
    if (locks.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one lock");
    }
    ChainId destination = locks.get(0).dstChainId();
    for (LockEvent lock : locks) {
      if (!lock.dstChainId().equals(destination)) {
        throw new IllegalArgumentException(
            "all locks of a batch must target one chain: "
                + destination
                + " and "
                + lock.dstChainId());
      }
    }
    return new ReleaseBatch(destination, locks.stream().map(Release::fromLock).toList());
  }

  @Override
  public List<DepositId> depositIds() {
    return releases.stream().map(Release::depositId).toList();
  }
}
