/**
 * The CLI and the people it has seen, end to end (real server, real `sarangbang join` processes, temporary config
 * folders): a nickname that comes back on another `--identity` gets one line with the new key's code and is marked
 * `(new device)` in `/list`; the same key again is quiet; people.json lives in the config folder, never beside the
 * identity file.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../client/test-support.js';
import { loadOrCreateIdentity } from '../security/identity.js';
import { runCli, stopCli, tempConfigDir, type CliProcess } from './cli-process.js';

const harness = createHarness();
const clis: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  await harness.cleanup();
});

function join(port: number, nick: string, configDir: string, ...args: string[]): CliProcess {
  const child = runCli(['join', `127.0.0.1:${port}`, '--name', nick, ...args], { SARANGBANG_CONFIG_DIR: configDir });
  clis.push(child);
  return child;
}

const newDeviceLine = (code: string): string =>
  `[bob] is using a different key than before (key ${code}): if you did not expect this, check with them.`;

describe('sarangbang join: a nickname on a new key', { timeout: 120_000 }, () => {
  it('is pointed out once and marked in /list; the same key again is quiet', async () => {
    const { port } = await harness.startServer();
    const keys = await mkdtemp(path.join(os.tmpdir(), 'sb-keys-'));
    const laptopFile = path.join(keys, 'laptop.json');
    const phoneFile = path.join(keys, 'phone.json');
    const laptop = await loadOrCreateIdentity(laptopFile, 'bob');
    const phone = await loadOrCreateIdentity(phoneFile, 'bob');
    const aliceConfig = tempConfigDir();
    const bobConfig = tempConfigDir();

    const alice = join(port, 'alice', aliceConfig);
    await alice.waitFor(/^Joined /);

    // Bob on his laptop: first seen, nothing to say.
    const first = join(port, 'bob', bobConfig, '--identity', laptopFile);
    first.child.stdin.end();
    expect(await first.exited).toEqual({ code: 0, signal: null });

    // Bob on his phone: another key for the same nickname.
    const second = join(port, 'bob', bobConfig, '--identity', phoneFile);
    await second.waitFor(/^Joined /);
    await alice.waitFor(/is using a different key than before/);
    alice.write('/list');
    await alice.waitFor(/^ {2}bob \(new device\)$/);
    second.child.stdin.end();
    expect(await second.exited).toEqual({ code: 0, signal: null });

    // The phone again: the key bob was last seen with, so no line.
    const third = join(port, 'bob', bobConfig, '--identity', phoneFile);
    third.child.stdin.end();
    expect(await third.exited).toEqual({ code: 0, signal: null });
    alice.child.stdin.end();
    expect(await alice.exited).toEqual({ code: 0, signal: null });

    const lines = alice.stdout().split('\n');
    expect(lines.filter((line) => line.includes('different key'))).toEqual([newDeviceLine(phone.code)]);
    expect(lines.filter((line) => line === '[bob]님이 입장하였습니다.')).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('[bob]님이 퇴장하였습니다.'))).toHaveLength(3);
    expect(lines.filter((line) => /^ {2}bob\b/.test(line))).toEqual(['  bob (new device)']);
    expect(alice.stderr()).toBe('');

    // People live in the config folder; the folder of the --identity files holds only the identities.
    expect(existsSync(path.join(aliceConfig, 'people.json'))).toBe(true);
    expect((await readdir(keys)).sort()).toEqual(['laptop.json', 'phone.json']);

    // A later session that finds bob already in the room on his laptop says so after joining, and marks him.
    const back = join(port, 'bob', bobConfig, '--identity', laptopFile);
    await back.waitFor(/^Joined /);
    const again = join(port, 'alice', aliceConfig);
    again.child.stdin.end('/list\n');
    expect(await again.exited).toEqual({ code: 0, signal: null });
    const later = again.stdout().split('\n');
    const joined = later.findIndex((line) => line.startsWith('Joined '));
    expect(later[joined + 1]).toBe(newDeviceLine(laptop.code));
    expect(later).toContain('  bob (new device)');

    // And the one after that knows the laptop: no line, no mark.
    const quiet = join(port, 'alice', aliceConfig);
    quiet.child.stdin.end('/list\n');
    expect(await quiet.exited).toEqual({ code: 0, signal: null });
    expect(quiet.stdout()).not.toContain('different key');
    expect(quiet.stdout().split('\n')).toContain('  bob');
  });
});
