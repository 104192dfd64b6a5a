import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createHash, X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOfCert, CorruptFileError, loadOrCreateIdentity } from './identity.js';
import { roomCode } from './room-code.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-identity-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateIdentity', () => {
  it('creates a P-256 self-signed identity, privately, and loads the same one again', async () => {
    const file = join(dir, 'profile', 'identity.json');
    const made = await loadOrCreateIdentity(file, 'alice, the "host"');
    const cert = new X509Certificate(made.certPem);
    expect(cert.subject).toContain('alice');
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.verify(cert.publicKey)).toBe(true);
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(19.9);
    expect(made.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(made.code).toBe(roomCode(made.fingerprint));
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'profile'))).mode & 0o777).toBe(0o700);
    }
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(saved.version).toBe(1);
    const again = await loadOrCreateIdentity(file, 'someone else');
    expect(again).toEqual(made);
  });

  it('settles on one identity when several callers create it at once', async () => {
    const file = join(dir, 'race', 'identity.json');
    const made = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateIdentity(file, 'race')));
    expect(new Set(made.map((identity) => identity.fingerprint)).size).toBe(1);
    expect((await loadOrCreateIdentity(file, 'race')).fingerprint).toBe(made[0]?.fingerprint);
    expect((await readdir(join(dir, 'race'))).sort()).toEqual(['identity.json']);
  });

  it('gives two profiles two different identities', async () => {
    const a = await loadOrCreateIdentity(join(dir, 'a.json'), 'a');
    const b = await loadOrCreateIdentity(join(dir, 'b.json'), 'b');
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('refuses a corrupted file and leaves it untouched', async () => {
    const file = join(dir, 'identity.json');
    for (const bad of ['{"version":1,"key":"x"', '{"version":2}', '{"version":1,"key":"nope","cert":"nope"}']) {
      await writeFile(file, bad);
      await expect(loadOrCreateIdentity(file, 'x')).rejects.toThrow(CorruptFileError);
      expect(await readFile(file, 'utf8')).toBe(bad);
    }
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const a = await loadOrCreateIdentity(join(dir, 'a.json'), 'a');
    const b = await loadOrCreateIdentity(join(dir, 'b.json'), 'b');
    const file = join(dir, 'mixed.json');
    await writeFile(file, JSON.stringify({ version: 1, key: a.keyPem, cert: b.certPem }));
    await expect(loadOrCreateIdentity(file, 'x')).rejects.toThrow(/does not match/);
  });
});

describe('fingerprintOfCert', () => {
  it('is the SHA-256 of the SPKI DER, from PEM, DER or a parsed certificate', async () => {
    const id = await loadOrCreateIdentity(join(dir, 'id.json'), 'fp');
    const cert = new X509Certificate(id.certPem);
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(spki).digest('hex');
    expect(fingerprintOfCert(cert)).toBe(expected);
    expect(fingerprintOfCert(cert.raw)).toBe(expected);
    expect(fingerprintOfCert(id.certPem)).toBe(expected);
    expect(expected).not.toBe(createHash('sha256').update(cert.raw).digest('hex'));
  });
});
