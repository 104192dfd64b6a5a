import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../client/test-support.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import { FileRelay } from '../transfer/relay.js';
import { runJoin } from './join.js';

const harness = createHarness();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await harness.cleanup();
});

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

describe('sarangbang join on a terminal', () => {
  it('shows the atom> prompt, prints incoming lines above it keeping the typed text, shows file progress, and /exit leaves', async () => {
    const relay = new FileRelay();
    cleanups.push(async () => relay.close());
    const { port } = await harness.startServer({ hooks: relay.hooks });
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let shown = '';
    output.setEncoding('utf8').on('data', (chunk: string) => {
      shown += chunk;
    });
    const until = async (predicate: () => boolean): Promise<void> => {
      while (!predicate()) await new Promise((resolve) => output.once('data', resolve));
    };

    const exit = runJoin(
      { host: '127.0.0.1', port, nick: 'atom', reconnect: false, downloadDir: tmpdir() },
      { input, output, errors, tty: true },
    );
    await until(() => plain(shown).includes('Type /help for commands.'));
    await until(() => plain(shown).endsWith('atom> '));

    const bob = await harness.join(port, 'bob');
    input.write('half-typ');
    await until(() => shown.endsWith('half-typ'));
    await bob.say('hi atom');
    await until(() => plain(shown).includes('[bob] hi atom\natom> half-typ'));

    // A file transfer shows its progress in the prompt.
    const outbox = await mkdtemp(path.join(tmpdir(), 'sb-tty-'));
    cleanups.push(() => rm(outbox, { recursive: true, force: true }));
    await writeFile(path.join(outbox, 'data.bin'), randomBytes(300_000));
    const bobFiles = new FileTransfers(bob, { downloadDir: path.join(outbox, 'in') });
    cleanups.push(async () => bobFiles.dispose());
    bobFiles.on('offer', (offer) => void bobFiles.accept(offer.offer));
    input.write(`\r/filesend bob ${path.join(outbox, 'data.bin')}\r`);
    await until(() => /atom \[data\.bin \d+%\]> /.test(plain(shown)));
    await until(() => plain(shown).includes('data.bin 300000 bytes sent, SHA-256 verified'));
    await until(() => plain(shown).endsWith('atom> '));

    input.write('/sleep\r');
    await until(() => plain(shown).includes('atom (away)> '));
    input.write('/exit\r');
    expect(await exit).toBe(0);
  });

  it('asks for the password with echo off when the room needs one and none was given', async () => {
    const { port } = await harness.startServer({ password: 'sesame' });
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let shown = '';
    output.setEncoding('utf8').on('data', (chunk: string) => {
      shown += chunk;
    });
    const until = async (predicate: () => boolean): Promise<void> => {
      while (!predicate()) await new Promise((resolve) => output.once('data', resolve));
    };
    const exit = runJoin(
      { host: '127.0.0.1', port, nick: 'atom', reconnect: false, downloadDir: tmpdir() },
      { input, output, errors, tty: true },
    );
    await until(() => shown.includes(`Password for 127.0.0.1:${port}: `));
    input.write('sesa');
    input.write('x\u007fme\r');
    await until(() => plain(shown).includes('Type /help for commands.'));
    expect(shown).not.toContain('sesa');
    input.write('/exit\r');
    expect(await exit).toBe(0);
  });
});
