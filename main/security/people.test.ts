import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptFileError } from './atomic-file.js';
import { MAX_NICKS_PER_PERSON, People } from './people.js';

const ALICE = 'a'.repeat(64);
const MALLORY = 'f'.repeat(64);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-people-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('People', () => {
  it('binds trust to the key: another key taking the nickname is a new device and not trusted', async () => {
    const file = join(dir, 'people.json');
    const people = await People.load(file);
    expect(await people.seen('alice', ALICE)).toEqual({ newDevice: false });
    await people.setTrusted(ALICE, true);
    expect(people.isTrusted(ALICE)).toBe(true);

    expect(people.isNewDevice('Alice', MALLORY)).toBe(true);
    expect(people.isNewDevice('alice', ALICE)).toBe(false);
    expect(people.isTrusted(MALLORY)).toBe(false);
    expect(await people.seen('ALICE', MALLORY)).toEqual({ newDevice: true });
    expect(people.lastFingerprint('alice')).toBe(MALLORY);
    expect(people.isTrusted(MALLORY)).toBe(false);
    expect(people.isTrusted(ALICE)).toBe(true);

    const reloaded = await People.load(file);
    expect(reloaded.get(ALICE)?.nicks).toEqual(['alice']);
    expect(reloaded.get(ALICE)?.trusted).toBe(true);
    expect(reloaded.get(MALLORY)?.nicks).toEqual(['ALICE']);
    expect(reloaded.isNewDevice('alice', ALICE)).toBe(true);
  });

  it('never reports a new device for a nickname seen for the first time', async () => {
    const people = await People.load(join(dir, 'people.json'));
    expect(people.isNewDevice('bob', ALICE)).toBe(false);
    expect(people.lastFingerprint('bob')).toBeUndefined();
    expect(people.isTrusted(ALICE)).toBe(false);
  });

  it('keeps a bounded list of nicknames per key, most recent last', async () => {
    const people = await People.load(join(dir, 'people.json'));
    for (let i = 0; i < MAX_NICKS_PER_PERSON + 3; i++) await people.seen(`n${i}`, ALICE);
    await people.seen('n5', ALICE);
    const nicks = people.get(ALICE)?.nicks ?? [];
    expect(nicks).toHaveLength(MAX_NICKS_PER_PERSON);
    expect(nicks.at(-1)).toBe('n5');
    expect(nicks).not.toContain('n0');
  });

  it('refuses an unreadable file and bad fingerprints', async () => {
    const file = join(dir, 'people.json');
    await writeFile(file, '{"version":1,"people":{"zz":{}},"lastByNick":{}}');
    await expect(People.load(file)).rejects.toThrow(CorruptFileError);
    const people = await People.load(join(dir, 'other.json'));
    await expect(people.setTrusted('ALICE', true)).rejects.toThrow(TypeError);
  });
});
