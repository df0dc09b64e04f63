/**
 * The signer node, in data-flow order: {@code topology} and {@code keys} (who the parties are and
 * this party's secret material), {@code verify} (every lock re-read from the node's own chain
 * view), {@code policy} (the node's own limits), {@code state} (what it agreed to sign and which
 * presignatures it consumed, durably), {@code mpc} (sealed protocol sessions over Kafka) and {@code
 * sign} (turning a verified release into a group signature on {@code bridge.signed.v1}).
 */
package io.tbridge.signer;
