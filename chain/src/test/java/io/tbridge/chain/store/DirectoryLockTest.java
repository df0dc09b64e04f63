package io.tbridge.chain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

  @TempDir Path tmp;

  @Test
  void aSecondLockOnTheSameDirectoryIsRefusedUntilTheFirstIsReleased() {
    Path dir = tmp.resolve("checkpoints");
    DirectoryLock first = DirectoryLock.acquire(dir);
    assertThat(Files.exists(dir.resolve(DirectoryLock.FILE_NAME))).isTrue();
    assertThatThrownBy(() -> DirectoryLock.acquire(dir))
        .isInstanceOf(DirectoryLock.LockedException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString());
    first.close();
    DirectoryLock.acquire(dir).close();
  }

  @org.junit.jupiter.api.Test
  void aFileLockedBesideIsRefusedToASecondHolderAndFreeAfterClose(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path state = dir.resolve("state-1.db");
    try (DirectoryLock first = DirectoryLock.acquireBeside(state)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DirectoryLock.acquireBeside(state))
          .isInstanceOf(DirectoryLock.LockedException.class);
      // Another file in the same directory is not affected.
      DirectoryLock.acquireBeside(dir.resolve("state-2.db")).close();
    }
    DirectoryLock.acquireBeside(state).close();
  }
}
