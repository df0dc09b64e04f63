/**
 * The output file of {@code ./tbridge deploy} ({@code tbridge-deployment/1}): written by the tools,
 * read by the relayer and the signer node for their bridge addresses ({@code deployment-file}).
 */
package io.tbridge.chain.deploy;
