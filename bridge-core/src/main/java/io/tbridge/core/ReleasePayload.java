package io.tbridge.core;

import java.util.List;

/** What one group signature authorizes: a single release or a batch of them. */
public sealed interface ReleasePayload permits Release, ReleaseBatch {

  /** The deposits this payload pays out, in signed order. */
  List<DepositId> depositIds();
}
