/**
 * Configuration rules both services (relayer, signer node) follow: one place, so the override order
 * an operator relies on is the same everywhere.
 */
package io.tbridge.serviceconfig;
