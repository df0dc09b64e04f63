/**
 * The one-command local devnet: starts every part of the product as its own process on 127.0.0.1
 * (two anvil chains, a Kafka broker, three signer nodes, a relayer), deploys the contracts with the
 * operators' deploy command, lets the signers run their dealer-less key ceremony, and makes a demo
 * transfer both ways. The end-to-end tests drive the same class.
 */
package io.tbridge.devnet;
