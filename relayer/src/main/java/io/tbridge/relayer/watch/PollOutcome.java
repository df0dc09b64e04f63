package io.tbridge.relayer.watch;

/** What one poll of a chain watcher did. */
public enum PollOutcome {
  /** Published a range (maybe empty) and moved the checkpoint; more may be waiting. */
  PROGRESSED,
  /** The checkpoint is at the final head. */
  UP_TO_DATE,
  /** Not enough endpoints answered (or none reports a final block yet); try later. */
  UNAVAILABLE,
  /** Logs or headers changed under the scan (a reorg in flight); nothing published, retry. */
  REORG_RETRY,
  /** The publisher did not acknowledge; the checkpoint did not move, the range is retried. */
  PUBLISH_FAILED,
  /** The chain is halted (quorum disagreement or a reorg below finality); needs an operator. */
  HALTED
}
