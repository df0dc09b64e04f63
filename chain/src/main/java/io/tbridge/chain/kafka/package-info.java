/** Kafka client conventions shared by every service: connection and client settings. */
package io.tbridge.chain.kafka;
