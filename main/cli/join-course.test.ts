/**
 * The terminal client's smaller fixes of issue 13: the prompt follows /nick, join errors once on stderr, exit 1 when
 * the room is lost, exit 3 when a file did not arrive verified, partial accepts, declines and own cancels told
 * plainly, and the course's Korean wording for file lines in a Korean session.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../client/test-support.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import { FileRelay } from '../transfer/relay.js';
import { sessionLanguage } from './file-words.js';
import { runJoin, type JoinOptions } from './join.js';

const harness = createHarness();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await harness.cleanup();
});

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `sb-course-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** runJoin in this process with piped (or TTY) streams; `until` waits for what it printed. */
function join(port: number, nick: string, options: Partial<JoinOptions> = {}, tty = false) {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  errors.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = runJoin(
    { host: '127.0.0.1', port, nick, reconnect: false, downloadDir: tmpdir(), insecure: true, ...options },
    { input, output, errors, tty },
  );
  cleanups.push(async () => {
    input.end();
    await exit.catch(() => undefined);
  });
  return {
    input,
    exit,
    out: () => plain(out),
    err: () => err,
    until: async (predicate: () => boolean): Promise<void> => {
      while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

async function filesServer() {
  const relay = new FileRelay();
  cleanups.push(async () => relay.close());
  return harness.startServer({ hooks: relay.hooks });
}

async function peerFiles(port: number, nick: string) {
  const session = await harness.join(port, nick);
  const files = new FileTransfers(session, { downloadDir: await tempDir(`${nick}-in`) });
  cleanups.push(async () => files.dispose());
  return { session, files };
}

describe('sarangbang join: issue 13', { timeout: 30_000 }, () => {
  it('the prompt follows /nick', async () => {
    const { port } = await harness.startServer();
    const cli = join(port, 'alice', {}, true);
    await cli.until(() => cli.out().endsWith('alice> '));
    cli.input.write('/nick proton\r');
    await cli.until(() => cli.out().endsWith('proton> '));
    cli.input.write('/exit\r');
    expect(await cli.exit).toBe(0);
  });

  it('prints a join error once, on stderr, and exits 1', async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port } = spare.address() as { port: number };
    await new Promise((resolve) => spare.close(resolve));
    const cli = join(port, 'alice', { connectTimeoutMs: 3000 });
    expect(await cli.exit).toBe(1);
    const lines = cli
      .err()
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('! Warning: --insecure'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^! .*127\.0\.0\.1/u);
    expect(cli.out()).toBe('');
  });

  it('a piped join that lost the room exits 1', async () => {
    const { port, server } = await harness.startServer();
    const cli = join(port, 'alice', { reconnect: true });
    await cli.until(() => cli.out().includes('Joined'));
    await server.close();
    await cli.until(() => cli.out().includes('Reconnecting'));
    cli.input.end();
    expect(await cli.exit).toBe(1);
  });

  it('after a partial accept the sender is told what was skipped, and the script exits 3', async () => {
    const { port } = await filesServer();
    const bob = await peerFiles(port, 'bob');
    bob.files.on('offer', (offer) => void bob.files.accept(offer.offer, [0]));
    const outbox = await tempDir('out');
    await writeFile(path.join(outbox, 'a.txt'), 'aaaaa');
    await writeFile(path.join(outbox, 'b.txt'), 'bbbbb');
    const cli = join(port, 'alice');
    cli.input.end(`/filesend bob ${path.join(outbox, 'a.txt')} ${path.join(outbox, 'b.txt')}\n`);
    expect(await cli.exit).toBe(3);
    expect(cli.out()).toContain('[bob] did not take: b.txt');
    expect(cli.out()).toContain('a.txt 5 bytes sent, SHA-256 verified by [bob]');
  });

  it('a declining receiver is not shown an error about himself; Korean sessions use the course wording', async () => {
    const { port } = await filesServer();
    const bob = await peerFiles(port, 'bob');
    const outbox = await tempDir('out');
    await writeFile(path.join(outbox, 'data.txt'), 'x'.repeat(765));
    const cli = join(port, 'atom', { language: 'ko' });
    await cli.until(() => cli.out().includes('Joined'));
    await bob.files.send('atom', [path.join(outbox, 'data.txt')]);
    await cli.until(() => cli.out().includes('[bob]님이 파일을 보내려고 합니다: data.txt (765 bytes). 수신 (y/n)?'));
    cli.input.end('n\n');
    expect(await cli.exit).toBe(0);
    expect(cli.out()).toContain('[bob]님의 파일 수신을 거부했습니다.');
    expect(cli.out()).not.toMatch(/^! /mu);
  });

  it("the sender's own cancel is not an error, but the script says the file did not arrive (exit 3)", async () => {
    const { port } = await filesServer();
    await peerFiles(port, 'bob'); // never answers
    const outbox = await tempDir('out');
    await writeFile(path.join(outbox, 'data.txt'), 'hello');
    const cli = join(port, 'alice');
    cli.input.end(`/filesend bob ${path.join(outbox, 'data.txt')}\n/cancel\n`);
    expect(await cli.exit).toBe(3);
    expect(cli.out()).toContain('Cancelled 1 file offer or transfer.');
    expect(cli.out()).not.toMatch(/^! /mu);
  });

  it("after the receiver leaves mid-transfer, the sender's prompt drops the file and no more progress is printed", async () => {
    const { port } = await filesServer();
    const bob = await peerFiles(port, 'bob');
    bob.files.on('offer', (offer) => void bob.files.accept(offer.offer));
    bob.files.on('progress', () => void bob.session.close());
    const outbox = await tempDir('out');
    await writeFile(path.join(outbox, 'big.bin'), Buffer.alloc(64 * 1024 * 1024, 7));
    const cli = join(port, 'alice', {}, true);
    await cli.until(() => cli.out().endsWith('alice> '));
    cli.input.write(`/filesend bob ${path.join(outbox, 'big.bin')}\r`);
    await Promise.race([
      cli.until(() => /! big\.bin: /u.test(cli.out())),
      new Promise((_, reject) => setTimeout(() => reject(new Error(cli.out().slice(-3000))), 15_000)),
    ]);
    const afterError = (): string => cli.out().slice(cli.out().search(/! big\.bin: /u));
    await cli.until(() => afterError().endsWith('alice> '));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(afterError()).not.toMatch(/big\.bin: \d+%|\[big\.bin \d+%\]/u);
    expect(cli.out().endsWith('alice> ')).toBe(true);
    cli.input.write('/exit\r');
    expect(await cli.exit).toBe(3);
  });

  it('decides Korean from the locale', () => {
    expect(sessionLanguage({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(sessionLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(sessionLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(sessionLanguage({})).toBe('en');
  });
});
