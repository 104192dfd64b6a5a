/**
 * The CLI's secure rooms end to end (real processes, real sockets, a temporary SARANGBANG_CONFIG_DIR): the serve
 * banner's room code, join --code (right and wrong), pinning on first use, a changed identity refused with a
 * warning and nothing sent, --trust-new-identity, and --insecure with its warning.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, nextEvent } from '../client/test-support.js';
import { createIdentity } from '../security/identity.js';
import { runCli, stopCli, tempConfigDir, type CliProcess } from './cli-process.js';

const harness = createHarness();
const clis: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  await harness.cleanup();
});

function cli(args: string[], configDir: string): CliProcess {
  const child = runCli(args, { SARANGBANG_CONFIG_DIR: configDir });
  clis.push(child);
  return child;
}

/** A join that says one line and leaves at end of input. */
function joinOnce(port: number, configDir: string, ...args: string[]): CliProcess {
  const join = cli(['join', `127.0.0.1:${port}`, '--name', 'atom', ...args], configDir);
  join.child.stdin.end('hello\n');
  return join;
}

describe('sarangbang serve/join: room codes and pinning', { timeout: 90_000 }, () => {
  it('serve prints the room code of its identity file; join --code verifies it', async () => {
    const config = tempConfigDir();
    const identityFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'sb-host-')), 'room.json');
    const serve = cli(['serve', '--host', '127.0.0.1', '--port', '0', '--identity', identityFile], config);
    const [, port] = await serve.waitFor(/is open on port (\d+) /);
    const [, code] = await serve.waitFor(/^Room code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})$/);
    const lines = serve.stdout().split('\n');
    expect(lines[lines.findIndex((line) => line.startsWith('Room code:')) - 1]).toMatch(/is open on port/);

    const join = joinOnce(Number(port), tempConfigDir(), '--code', code!.toLowerCase());
    expect(await join.exited).toEqual({ code: 0, signal: null });
    expect(join.stdout().split('\n')[0]).toBe(`Verified room code ${code}`);
    expect(join.stdout()).toMatch(/^Joined /m);
  });

  it('pins on first use, refuses a changed identity with nothing sent, and re-pins with --trust-new-identity', async () => {
    const config = tempConfigDir();
    const { port, server } = await harness.startServer({ identity: await createIdentity('old') });
    const first = joinOnce(port, config);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.stdout().split('\n')[0]).toBe(
      `New room: code ${server.identity.code} (compare it with the host; remembered from now on)`,
    );
    const second = joinOnce(port, config);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.stdout().split('\n')[0]).toMatch(/^Joined /);
    await harness.cleanup();

    const renewed = await createIdentity('new');
    const fake = await harness.recordingHost(renewed, port);
    const refused = joinOnce(port, config);
    expect(await refused.exited).toMatchObject({ code: 1 });
    expect(refused.stderr()).toContain("WARNING: THE ROOM'S IDENTITY HAS CHANGED");
    expect(refused.stderr()).toContain(server.identity.code);
    expect(refused.stderr()).toContain(renewed.code);
    expect(refused.stderr()).toContain('--trust-new-identity');
    expect(fake.received()).toBe(0);
    await harness.cleanup();

    const room = await harness.startServer({ identity: renewed }, port);
    const watcher = await harness.join(room.port, 'watcher');
    const joined = nextEvent(watcher, 'joined');
    const trusting = joinOnce(port, config, '--trust-new-identity');
    expect(await trusting.exited).toEqual({ code: 0, signal: null });
    expect(trusting.stdout().split('\n')[0]).toContain(`New room: code ${renewed.code}`);
    expect((await joined).user).toMatchObject({ nick: 'atom', secure: true, fp: expect.any(String) });
  });

  it('join --code refuses another room before sending anything', async () => {
    const expected = await createIdentity('expected');
    const other = await createIdentity('other');
    const fake = await harness.recordingHost(other);
    const join = joinOnce(fake.port, tempConfigDir(), '--code', expected.code);
    expect(await join.exited).toMatchObject({ code: 1 });
    expect(join.stderr()).toContain('THIS IS NOT THE ROOM YOU WERE GIVEN');
    expect(join.stderr()).toContain(other.code);
    expect(fake.received()).toBe(0);
  });

  it('--insecure joins without encryption and says so', async () => {
    const { port } = await harness.startServer();
    const watcher = await harness.join(port, 'watcher');
    const joined = nextEvent(watcher, 'joined');
    const join = joinOnce(port, tempConfigDir(), '--insecure');
    expect(await join.exited).toEqual({ code: 0, signal: null });
    expect(join.stderr()).toMatch(/NOT encrypted/);
    expect((await joined).user).toEqual({ nick: 'atom', status: 'active', secure: false });
  });
});
