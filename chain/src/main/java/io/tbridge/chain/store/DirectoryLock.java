package io.tbridge.chain.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a data directory ({@code <dir>/.lock}), held until {@link #close()} or
 * the process ends. Two processes writing the same checkpoints, pending transactions or signer
 * state would corrupt each other's view; the second one must refuse before it starts anything. The
 * lock dies with the process (no stale lock after a crash); the file itself stays.
 */
public final class DirectoryLock implements AutoCloseable {

  /** The lock file's name inside the directory. */
  public static final String FILE_NAME = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Refusal to lock a directory, with a one-line message naming it. */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A refusal described by {@code message}. */
    public LockedException(String message) {
      super(message);
    }
  }

  /**
   * Creates {@code dir} if needed and locks it exclusively; throws {@link LockedException} if
   * another process (or this one) holds it or the directory cannot be written.
   */
  public static DirectoryLock acquire(Path dir) {
    return lock(dir, dir.resolve(FILE_NAME));
  }

  /**
   * Locks {@code file} for this process through {@code <file>.lock} beside it (for a store that is
   * one file among others in a directory, such as a signer's state file).
   */
  public static DirectoryLock acquireBeside(Path file) {
    Path abs = file.toAbsolutePath();
    return lock(abs.getParent(), abs.resolveSibling(abs.getFileName() + ".lock"));
  }

  private static DirectoryLock lock(Path dir, Path file) {
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new LockedException(
            dir.toAbsolutePath() + " is in use by another process (it holds " + file + ")");
      }
      // Informational only: which process holds the lock.
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              ("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
      return new DirectoryLock(ch, l);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new LockedException(dir.toAbsolutePath() + " is already locked by this process");
    } catch (IOException e) {
      closeQuietly(ch);
      throw new LockedException("cannot lock " + dir.toAbsolutePath() + ": " + e);
    } catch (LockedException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
