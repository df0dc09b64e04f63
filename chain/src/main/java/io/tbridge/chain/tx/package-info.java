/**
 * Transaction signing behind one interface, so the key that pays gas (the relayer's sender, the
 * deployer) can move from a local file to Vault or a KMS without touching the code that sends.
 */
package io.tbridge.chain.tx;
