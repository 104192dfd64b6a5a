import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, nextEvent } from '../client/test-support.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import type { TransferResult } from '../transfer/transfer-types.js';
import { runCli, stopCli, type CliProcess } from './cli-process.js';

const harness = createHarness();
const clis: CliProcess[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await harness.cleanup();
});

function serve(...args: string[]): CliProcess {
  const cli = runCli(['serve', '--host', '127.0.0.1', '--port', '0', ...args]);
  clis.push(cli);
  return cli;
}

// Each test starts Node processes through tsx: slow on a loaded machine, so a generous limit.
describe('sarangbang serve', { timeout: 60_000 }, () => {
  it('prints where to join, logs joins and leaves, and on SIGTERM tells clients and exits 0', async () => {
    const cli = serve('--name', 'lab');
    const port = Number((await cli.waitFor(/^Sarangbang room "lab" is open on port (\d+)/))[1]);
    await cli.waitFor(new RegExp(`^ {2}127\\.0\\.0\\.1:${port} +nc 127\\.0\\.0\\.1 ${port}$`));
    await cli.waitFor(new RegExp(`^From a terminal: sarangbang join 127\\.0\\.0\\.1:${port} --name <nick>$`));
    await cli.waitFor(/^Not announced \(listening on loopback only\)$/);
    await cli.waitFor(/^Press Ctrl\+C to close the room\.$/);

    const atom = await harness.join(port, 'atom', { reconnect: false });
    await cli.waitFor(/atom joined from 127\.0\.0\.1:\d+ \(app\); 1 here$/);
    const bob = await harness.join(port, 'bob', { reconnect: false });
    await bob.close();
    await cli.waitFor(/bob left \(quit\); 1 here$/);

    const told = nextEvent(atom, 'disconnected');
    cli.child.kill('SIGTERM');
    expect(await told).toMatchObject({ reason: 'server_shutdown', willReconnect: false });
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toMatch(
      /Closing the room: telling everyone\.\.\.\n.*atom left \(server_shutdown\); 0 here\nRoom closed\.\n$/,
    );
  });

  it('applies the password, user limit and banned-word file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sarangbang-serve-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const words = path.join(dir, 'banned.txt');
    await writeFile(words, '# host rules\nspam\n\nbuy now\n');
    const passwordFile = path.join(dir, 'password');
    await writeFile(passwordFile, 'sesame\n');
    // --allow-plain: the test's clients are cleartext framed ones.
    const cli = serve(
      ...['--password-file', passwordFile, '--max-users', '1', '--banned-words', words, '--rate-limit', 'off'],
      ...['--allow-plain', '--history', '0'],
    );
    const port = Number((await cli.waitFor(/is open on port (\d+)/))[1]);
    await cli.waitFor(
      /^Settings: password required, up to 1 users, no rate limit, history off, plain-text clients allowed, 2 banned words\.$/,
    );
    await cli.waitFor(/^Warning: plain-text clients \(nc, telnet\) send the room password unencrypted\.$/);
    expect(cli.stderr()).toBe('');

    await expect(harness.session(port, 'atom', { reconnect: false }).connect()).rejects.toMatchObject({
      code: 'wrong_password',
    });
    const atom = await harness.join(port, 'atom', { password: 'sesame', reconnect: false });
    await expect(harness.session(port, 'bob', { password: 'sesame' }).connect()).rejects.toMatchObject({
      code: 'room_full',
    });
    await expect(atom.say('Buy Now!')).rejects.toMatchObject({ code: 'banned_word' });
    await expect(atom.say('hello')).resolves.toMatchObject({ mid: expect.any(Number) });
  });

  it('relays files between users', async () => {
    const cli = serve();
    const port = Number((await cli.waitFor(/is open on port (\d+)/))[1]);
    const dir = await mkdtemp(path.join(tmpdir(), 'sarangbang-relay-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const sender = new FileTransfers(await harness.join(port, 'sender', { reconnect: false }), {
      downloadDir: path.join(dir, 'sender'),
    });
    const receiver = new FileTransfers(await harness.join(port, 'receiver', { reconnect: false }), {
      downloadDir: path.join(dir, 'receiver'),
    });
    cleanups.push(async () => {
      sender.dispose();
      receiver.dispose();
    });
    await writeFile(path.join(dir, 'notes.txt'), 'relayed through sarangbang serve');
    receiver.on('offer', (offer) => void receiver.accept(offer.offer));
    const done = new Promise<TransferResult>((resolve) => receiver.on('ended', resolve));
    await sender.send('receiver', [path.join(dir, 'notes.txt')]);
    const result = await done;
    expect(result).toMatchObject({ ok: true, name: 'notes.txt' });
    expect(await readFile(result.path ?? '', 'utf8')).toBe('relayed through sarangbang serve');
  });

  it('says the port is in use, with exit code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const { port } = blocker.address() as net.AddressInfo;
    const cli = runCli(['serve', '--host', '127.0.0.1', '--port', String(port)]);
    clis.push(cli);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toMatch(new RegExp(`Port ${port} is already in use.*--port`));
  });

  it('refuses a missing banned-words file and bad options with exit code 2', async () => {
    const missing = runCli(['serve', '--banned-words', '/nonexistent/words.txt']);
    const bad = runCli(['serve', '--rate-limit', 'fast']);
    clis.push(missing, bad);
    expect((await missing.exited).code).toBe(2);
    expect(missing.stderr()).toMatch(/Could not read the banned-words file/);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toMatch(/--rate-limit must be[\s\S]*sarangbang serve --help/);
  });

  it('prints --version and --help', async () => {
    const version = runCli(['--version']);
    const help = runCli(['serve', '--help']);
    clis.push(version, help);
    expect((await version.exited).code).toBe(0);
    expect(version.stdout()).toMatch(/^sarangbang \d+\.\d+\.\d+\n$/);
    expect((await help.exited).code).toBe(0);
    expect(help.stdout()).toMatch(/--max-users[\s\S]*--banned-words[\s\S]*--rate-limit/);
  });
});
