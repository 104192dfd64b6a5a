import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { People } from '../security/people.js';
import { TrustedSenders } from './transfer-consent.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-consent-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('who may send me files without asking', () => {
  it('trust binds to the key: another key under the same nickname is asked, a keyless sender always', async () => {
    const room = new Map<string, string>([['bora', KEY_A]]);
    const people = await People.load(join(dir, 'people.json'));
    const trusted = new TrustedSenders((nick) => room.get(nick.toLowerCase()), people);
    expect(trusted.consentFor({ from: 'Bora' })).toBe('ask');
    await trusted.trust({ from: 'Bora' });
    expect(trusted.consentFor({ from: 'bora' })).toBe('auto_accept');
    expect(trusted.consentFor({ from: 'atom' })).toBe('ask');

    // Bora leaves; someone else (another key) joins as "bora".
    room.set('bora', KEY_B);
    expect(trusted.consentFor({ from: 'bora' })).toBe('ask');
    // The real Bora (her key) under another nickname is still trusted.
    room.set('bora2', KEY_A);
    expect(trusted.consentFor({ from: 'bora2' })).toBe('auto_accept');

    // A member without a key cannot be trusted at all.
    room.delete('bora');
    await trusted.trust({ from: 'bora' });
    expect(trusted.consentFor({ from: 'bora' })).toBe('ask');
  });

  it('is remembered in people.json, by key, for the next app run', async () => {
    const first = new TrustedSenders(() => KEY_A, await People.load(join(dir, 'people.json')));
    await first.trust({ from: 'bora' });
    const people = await People.load(join(dir, 'people.json'));
    expect(people.isTrusted(KEY_A)).toBe(true);
    expect(people.isTrusted(KEY_B)).toBe(false);
    expect(new TrustedSenders(() => KEY_A, people).consentFor({ from: 'anyone' })).toBe('auto_accept');
  });
});
