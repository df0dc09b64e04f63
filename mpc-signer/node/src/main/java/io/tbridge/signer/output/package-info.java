/** Output of the node: signed releases, lifecycle events and dead letters on Kafka. */
package io.tbridge.signer.output;
