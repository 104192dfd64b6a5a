/**
 * TLS for chat connections, from an Identity: TLS 1.3 only, ALPN `sarangbang`, both ends present their identity
 * certificate and neither validates it against a CA (`rejectUnauthorized: false`): trust comes from fingerprints
 * (room code, known hosts, people), checked by the caller with `peerFingerprint` before anything is sent.
 * Channel bindings are TLS exporters (RFC 8446 §7.5, no context): CB_pake = 32 bytes labelled
 * `EXPORTER-sarangbang-pake`, CB_data = 32 bytes labelled `EXPORTER-sarangbang-data`.
 *
 * API: `serverTlsOptions(identity)` (for `new tls.TLSSocket(socket, {isServer: true, ...})` or `tls.createServer`),
 * `clientTlsOptions(identity)` (spread into `tls.connect({host, port, ...})`), `peerFingerprint(socket)`,
 * `channelBinding(socket, 'pake' | 'data')`, `TLS_FIRST_BYTE` (0x16, how the shared port recognises TLS).
 */
import type { ConnectionOptions, TLSSocket, TlsOptions } from 'node:tls';
import { fingerprintOfCert, type Identity } from './identity.js';

export const ALPN_PROTOCOL = 'sarangbang';
/** A TLS record of type handshake starts with this byte; a connection whose first byte it is speaks TLS. */
export const TLS_FIRST_BYTE = 0x16;
export const CHANNEL_BINDING_BYTES = 32;
export const EXPORTER_LABELS = { pake: 'EXPORTER-sarangbang-pake', data: 'EXPORTER-sarangbang-data' } as const;

/** Options for the host's side of a chat connection. */
export function serverTlsOptions(identity: Identity): TlsOptions {
  return {
    key: identity.keyPem,
    cert: identity.certPem,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: [ALPN_PROTOCOL],
  };
}

/** Options for a client (host and port added by the caller; Node sends no SNI for an IP address). */
export function clientTlsOptions(identity: Identity): ConnectionOptions {
  return {
    key: identity.keyPem,
    cert: identity.certPem,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    rejectUnauthorized: false,
    ALPNProtocols: [ALPN_PROTOCOL],
  };
}

/** Hex SHA-256 of the SPKI of the peer's certificate, or undefined when it presented none. */
export function peerFingerprint(socket: TLSSocket): string | undefined {
  const cert = socket.getPeerX509Certificate();
  return cert ? fingerprintOfCert(cert) : undefined;
}

/** The channel binding of an established TLS connection (both ends compute the same 32 bytes). */
export function channelBinding(socket: TLSSocket, purpose: keyof typeof EXPORTER_LABELS): Buffer {
  // In TLS 1.3 an empty context and no context give the same exporter (RFC 8446 §7.5).
  return socket.exportKeyingMaterial(CHANNEL_BINDING_BYTES, EXPORTER_LABELS[purpose], Buffer.alloc(0));
}
