package io.tbridge.chain.deploy;

import java.nio.file.Path;

/** A deployment file that cannot be read or is not a valid {@link Deployment#FORMAT} file. */
public final class DeploymentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String reason;

  /** {@code file} could not be used because of {@code reason} (one line, no path in it). */
  public DeploymentException(Path file, String reason) {
    this(file, reason, file + " is not a usable " + Deployment.FORMAT + " file: " + reason);
  }

  /** As {@link #DeploymentException(Path, String)}, with the caller's own one-line message. */
  public DeploymentException(Path file, String reason, String message) {
    super(message);
    this.file = file;
    this.reason = reason;
  }

  /** The file as it was given. */
  public Path file() {
    return file;
  }

  /** Why the file cannot be used, without the path (callers phrase their own line). */
  public String reason() {
    return reason;
  }
}
