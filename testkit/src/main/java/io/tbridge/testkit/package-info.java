/** Test fixtures: real anvil chains and a real Kafka broker on free loopback ports. */
package io.tbridge.testkit;
