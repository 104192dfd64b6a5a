import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../client/test-support.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import { FileRelay } from '../transfer/relay.js';
import type { TransferEvents } from '../transfer/transfer-types.js';
import { wireLength } from '../security/file-crypto.js';
import { runCli, stopCli } from './cli-process.js';

const harness = createHarness();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await harness.cleanup();
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `sb-cli-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function next<K extends keyof TransferEvents>(files: FileTransfers, type: K): Promise<TransferEvents[K]> {
  return new Promise((resolve) => {
    const off = files.on(type, (event) => {
      off();
      resolve(event);
    });
  });
}

// Each test starts Node processes through tsx: slow on a loaded machine, so a generous limit.
describe('sarangbang join: files', { timeout: 60_000 }, () => {
  it('receives a file after y, sends one with /filesend, and reports a declined offer', async () => {
    const relay = new FileRelay();
    cleanups.push(async () => relay.close());
    const { port } = await harness.startServer({ hooks: relay.hooks });
    const user1 = await harness.join(port, 'user1');
    const user1Files = new FileTransfers(user1, { downloadDir: await tempDir('user1-in') });
    cleanups.push(async () => user1Files.dispose());

    const cliDownloads = await tempDir('user2-in');
    const cli = runCli(['join', `127.0.0.1:${port}`, '--name', 'user2', '--download-dir', cliDownloads]);
    cleanups.push(() => stopCli(cli));
    await cli.waitFor(/^Joined/);

    // user1 → terminal user: the course's consent question, then the verified file.
    const outbox = await tempDir('out');
    const data = randomBytes(765);
    await writeFile(path.join(outbox, 'data.txt'), data);
    const delivered = next(user1Files, 'ended');
    await user1Files.send('user2', [path.join(outbox, 'data.txt')]);
    await cli.waitFor(/^\[user1\] wants to send you data\.txt \(765 bytes\)\. Accept\? \(y\/n\)$/);
    cli.write('y');
    await cli.waitFor(/^Receiving data\.txt from \[user1\]$/);
    const saved = await cli.waitFor(/^data\.txt 765 bytes received, SHA-256 verified\. Saved to (.+)$/);
    expect(saved[1]).toBe(path.join(cliDownloads, 'data.txt'));
    expect(await readFile(path.join(cliDownloads, 'data.txt'))).toEqual(data);
    expect(await delivered).toMatchObject({ ok: true });

    // Several files: numbered, and the numbers of some accept only those.
    await writeFile(path.join(outbox, 'a.txt'), 'first');
    await writeFile(path.join(outbox, 'b.txt'), 'second');
    const answered = next(user1Files, 'offer-accepted');
    await user1Files.send('user2', [path.join(outbox, 'a.txt'), path.join(outbox, 'b.txt')]);
    await cli.waitFor(/^\[user1\] wants to send you 2 files:$/);
    await cli.waitFor(/^ {2}2\) b\.txt \(6 bytes\)$/);
    await cli.waitFor(/^Accept\? \(y\/n, or the numbers of the files to take, e\.g\. 1 3\)$/);
    cli.write('3');
    await cli.waitFor(/^! Choose files numbered 1 to 2, or answer y or n\.$/);
    cli.write('2');
    expect(await answered).toMatchObject({ accepted: [1], skipped: [0] });
    await cli.waitFor(/^b\.txt 6 bytes received, SHA-256 verified\. Saved to /);
    expect((await readdir(cliDownloads)).sort()).toEqual(['b.txt', 'data.txt']);

    // Terminal user → user1, a path with a space, quoted.
    const photo = randomBytes(200_000);
    await writeFile(path.join(outbox, 'my photo.jpg'), photo);
    const offered = next(user1Files, 'offer');
    cli.write(`/filesend user1 "${path.join(outbox, 'my photo.jpg')}"`);
    const offer = await offered;
    expect(offer.files.map((file) => file.name)).toEqual(['my photo.jpg']);
    await cli.waitFor(/^Offered my photo\.jpg \(195 KB\) to \[user1\]; waiting for them to accept\.$/);
    const received = next(user1Files, 'ended');
    await user1Files.accept(offer.offer);
    await cli.waitFor(/^Sending my photo\.jpg to \[user1\]$/);
    await cli.waitFor(/^my photo\.jpg 200000 bytes sent, SHA-256 verified by \[user1\]$/);
    const result = await received;
    expect(await readFile(result.path ?? '')).toEqual(photo);

    // Declined.
    const again = next(user1Files, 'offer');
    cli.write(`/filesend user1 ${path.join(outbox, 'data.txt')}`);
    await user1Files.decline((await again).offer);
    await cli.waitFor(/^\[user1\] declined the file\.$/);

    cli.write('/filesend user1 /nonexistent/file.bin');
    await cli.waitFor(/^! .*no such file/);
    cli.child.stdin.end();
    // A file the script offered was declined: it did not arrive (exit code 3).
    expect(await cli.exited).toEqual({ code: 3, signal: null });
  });
});

describe('sarangbang join: /filesend * offers to the whole room', { timeout: 60_000 }, () => {
  it('two members each accept and verify the same file, which the terminal client uploaded once', async () => {
    const relay = new FileRelay();
    cleanups.push(async () => relay.close());
    const { port } = await harness.startServer({ hooks: relay.hooks });
    const members = [];
    for (const nick of ['user1', 'user3']) {
      const session = await harness.join(port, nick);
      const files = new FileTransfers(session, { downloadDir: await tempDir(`${nick}-in`) });
      cleanups.push(async () => files.dispose());
      members.push(files);
    }
    const cli = runCli(['join', `127.0.0.1:${port}`, '--name', 'user2']);
    cleanups.push(() => stopCli(cli));
    await cli.waitFor(/^Joined/);
    const outbox = await tempDir('out');
    const data = randomBytes(300_000);
    await writeFile(path.join(outbox, 'all.bin'), data);
    const offers = members.map((files) => next(files, 'offer'));
    cli.write(`/filesend * ${path.join(outbox, 'all.bin')}`);
    await cli.waitFor(/^Offered all\.bin \(293 KB\) to everyone in the room \(\[user1\], \[user3\]\); each of them/);
    const received = members.map((files) => next(files, 'ended'));
    for (const [i, files] of members.entries()) await files.accept((await offers[i]!).offer);
    for (const result of await Promise.all(received)) {
      expect(result).toMatchObject({ ok: true });
      expect(await readFile(result.path ?? '')).toEqual(data);
    }
    await cli.waitFor(/^all\.bin 300000 bytes sent, SHA-256 verified by \[user1\]$/);
    await cli.waitFor(/^all\.bin 300000 bytes sent, SHA-256 verified by \[user3\]$/);
    expect(relay.group.stats.bytesFromSenders).toBe(wireLength(300_000)); // sealed: the terminal client has an identity
  });
});

// Each test starts Node processes through tsx: slow on a loaded machine, so a generous limit.
describe('sarangbang join: a script that ends with /filesend', { timeout: 60_000 }, () => {
  it('waits for the offer to be answered and the file delivered before leaving', async () => {
    const relay = new FileRelay();
    cleanups.push(async () => relay.close());
    const { port } = await harness.startServer({ hooks: relay.hooks });
    const receiver = await harness.join(port, 'receiver');
    const receiverFiles = new FileTransfers(receiver, { downloadDir: await tempDir('receiver-in') });
    cleanups.push(async () => receiverFiles.dispose());
    const outbox = await tempDir('script-out');
    const data = randomBytes(50_000);
    await writeFile(path.join(outbox, 'report.pdf'), data);

    const offered = next(receiverFiles, 'offer');
    const cli = runCli(['join', `127.0.0.1:${port}`, '--name', 'script', '--download-dir', await tempDir('script-in')]);
    cleanups.push(() => stopCli(cli));
    cli.child.stdin.end(`/filesend receiver ${path.join(outbox, 'report.pdf')}\n`);
    const offer = await offered;
    await cli.waitFor(/^Waiting for 1 file offer or transfer to finish\.\.\.$/);
    const received = next(receiverFiles, 'ended');
    await receiverFiles.accept(offer.offer);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toMatch(/report\.pdf 50000 bytes sent, SHA-256 verified by \[receiver\]\n$/);
    expect(await readFile((await received).path ?? '')).toEqual(data);
  });
});
