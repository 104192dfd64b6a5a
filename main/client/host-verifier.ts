/**
 * Decides whether a host's TLS identity is the room we mean, before anything is sent to it (PROTOCOL.md 16.3):
 * 1. a room code was given: it must match (else `identity_mismatch`), and the host is pinned;
 * 2. else the pin for host:port: none → pin it (trust on first use); same → go on; different → `identity_changed`,
 *    unless the user chose to trust the new identity (first connect only: a reconnect never re-pins by itself).
 */
import { hostKey, type KnownHostsLike } from '../security/known-hosts.js';
import { codeMatches, groupCode, parseRoomCode, roomCode } from '../security/room-code.js';
import { ConnectionError } from './errors.js';
import type { SessionSecurity } from './session-types.js';

export interface HostVerifierOptions {
  knownHosts: KnownHostsLike;
  code?: string;
  trustNewIdentity: boolean;
}

export class HostVerifier {
  private readonly key: string;
  private readonly expectedCode: string | undefined;
  private trustNew: boolean;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly options: HostVerifierOptions,
  ) {
    this.key = hostKey(host, port);
    if (options.code !== undefined) {
      const parsed = parseRoomCode(options.code);
      if (parsed === undefined) throw new TypeError(`"${options.code}" is not a room code (20 letters and digits).`);
      this.expectedCode = groupCode(parsed);
    }
    this.trustNew = options.trustNewIdentity;
  }

  /** Resolves with what the session reports as its security, or rejects with a ConnectionError. */
  async verify(fingerprint: string): Promise<SessionSecurity> {
    const actualCode = roomCode(fingerprint);
    const trusted = (verified: SessionSecurity['verified']): SessionSecurity => ({
      encrypted: true,
      hostFingerprint: fingerprint,
      hostCode: actualCode,
      verified,
    });
    const where = `${this.host}:${this.port}`;
    if (this.expectedCode !== undefined) {
      if (!codeMatches(this.expectedCode, fingerprint)) {
        throw new ConnectionError(
          'identity_mismatch',
          `The room at ${where} has the code ${actualCode}, not ${this.expectedCode}: it is not the room you were given. Nothing was sent.`,
          { details: { expectedCode: this.expectedCode, actualCode } },
        );
      }
      await this.options.knownHosts.pin(this.key, fingerprint);
      return trusted('code');
    }
    const check = this.options.knownHosts.check(this.key, fingerprint);
    if (check === 'match') return trusted('pinned');
    if (check === 'new') {
      await this.options.knownHosts.pin(this.key, fingerprint);
      return trusted('first-use');
    }
    if (this.trustNew) {
      this.trustNew = false;
      await this.options.knownHosts.pin(this.key, fingerprint);
      return trusted('first-use');
    }
    const oldCode = roomCode(check.changed);
    throw new ConnectionError(
      'identity_changed',
      `The room at ${where} now has the code ${actualCode}; it used to be ${oldCode}. It may be a new installation of the host, or someone pretending to be it. Nothing was sent.`,
      { details: { oldCode, newCode: actualCode, oldFingerprint: check.changed, newFingerprint: fingerprint } },
    );
  }

  /** After a successful connect the user's "trust the new identity" is used up. */
  connected(): void {
    this.trustNew = false;
  }
}
