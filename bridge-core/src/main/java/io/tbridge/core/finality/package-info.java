/**
 * Chain profiles: how each chain decides that a block is final (the {@code finalized} block tag, a
 * confirmation depth, or both). Watchers and signers use the same rules, so a lock the relayer
 * publishes is one a signer also considers final. Framework-free.
 */
package io.tbridge.core.finality;
