/** Small durable files: atomic writes and deletes shared by the checkpoint and pending stores. */
package io.tbridge.chain.store;
