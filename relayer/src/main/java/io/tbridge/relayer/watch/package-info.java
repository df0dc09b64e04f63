/**
 * Watching source chains: scan forward in ranges up to the final head only, split refused ranges,
 * check block-hash continuity, decode {@code Locked} events of the configured bridge, hand them to
 * the publisher and only then move the durable checkpoint.
 */
package io.tbridge.relayer.watch;
