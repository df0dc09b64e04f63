/**
 * Transport security for protocol messages: {@link io.tbridge.tss.channel.PartyIdentity} (a party's
 * long-term Ed25519 + X25519 keys), {@link io.tbridge.tss.channel.SecureChannel} (seal a {@link
 * io.tbridge.tss.protocol.ProtocolMessage} into signed, and for direct messages encrypted, bytes;
 * open such bytes into a message or a typed {@link io.tbridge.tss.channel.Opened.Rejected}) and
 * {@link io.tbridge.tss.channel.Hkdf} (RFC 5869). A transport that uses it only moves bytes.
 */
package io.tbridge.tss.channel;
