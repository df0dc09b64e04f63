package io.tbridge.tss.presign;

import io.tbridge.tss.protocol.ProtocolAbort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Runs a round's independent per-counterparty computations on an executor. */
final class Parallel {
  private Parallel() {}

  /** One unit of work; may fail a check. */
  @FunctionalInterface
  interface Task<T> {
    T run() throws ProtocolAbort;
  }

  /**
   * Runs every task and returns the results in task order. If tasks fail, the failure of the first
   * failing task in list order is thrown, so the blamed party does not depend on timing.
   */
  static <T> List<T> run(Executor executor, List<Task<T>> tasks) throws ProtocolAbort {
    List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
    for (Task<T> task : tasks) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return task.run();
                } catch (ProtocolAbort e) {
                  throw new CompletionException(e);
                }
              },
              executor));
    }
    List<T> out = new ArrayList<>(tasks.size());
    for (CompletableFuture<T> f : futures) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ProtocolAbort abort) {
          waitForAll(futures);
          throw abort;
        }
        if (cause instanceof RuntimeException re) {
          waitForAll(futures);
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
    return out;
  }

  /** Lets the other tasks finish so none keeps running after the round has ended. */
  private static void waitForAll(List<? extends CompletableFuture<?>> futures) {
    for (CompletableFuture<?> f : futures) {
      try {
        f.join();
      } catch (CompletionException ignored) {
        // Only the first failure in task order is reported.
      }
    }
  }
}
