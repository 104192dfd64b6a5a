/**
 * `npm run e2e:packaged [-- <executable>]`: the installed app as users get it (default: the unpacked app that
 * `npm run dist:*` left in dist/ for this OS), where an Electron build for this OS exists (CI's packaged-app job):
 *   1. `<app> --serve` hosts a room headless and `sarangbang join` (the CLI) joins it, says something, leaves;
 *   2. two instances of the app: first run → host a room → the other joins → chat → a file dropped on a person,
 *      accepted, verified and byte-identical on disk.
 * Prints one line per step; exit 1 on the first failure.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagedExecutable } from '../scripts/fuses.js';
import { randomFile, sha256 } from './support/files.js';
import { freePort } from '../main/free-port.js';
import { openPackagedPerson, type PackagedPerson } from './support/packaged-person.js';
import { ROOT } from './support/renderer-build.js';
import { User } from './support/user.js';

const executable = process.argv[2] ?? packagedExecutable();
const tmp = await mkdtemp(join(tmpdir(), 'sarangbang-packaged-'));
const step = (line: string): void => console.log(`[packaged] ${line}`);

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return () => text;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function serveAndJoin(): Promise<void> {
  const serve = spawn(
    executable,
    ['--serve', '--port', '0', '--host', '127.0.0.1', '--name', 'Packaged room', '--identity', join(tmp, 'host.json')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SARANGBANG_NO_UPDATE: '1' } },
  );
  const out = collect(serve.stdout);
  const errors = collect(serve.stderr);
  const exited = new Promise<number | null>((resolve) => serve.once('exit', resolve));
  try {
    const port = await waitFor(`"is open on port" from ${executable} --serve (stderr: ${errors()})`, () => {
      const match = /is open on port (\d+)/.exec(out());
      return match ? Number(match[1]) : undefined;
    });
    step(`--serve: room open on port ${port}`);
    const join_ = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        join(ROOT, 'main/cli/index.ts'),
        'join',
        `127.0.0.1:${port}`,
        '--name',
        'terminal',
        '--identity',
        join(tmp, 'cli.json'),
        '--no-reconnect',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SARANGBANG_CONFIG_DIR: join(tmp, 'cli-config') } },
    );
    const said = collect(join_.stdout);
    const joinErrors = collect(join_.stderr);
    join_.stdin.end('hello from the terminal\n');
    const code = await new Promise<number | null>((resolve) => join_.once('exit', resolve));
    if (code !== 0) throw new Error(`sarangbang join exited ${code}:\n${said()}\n${joinErrors()}`);
    if (!said().includes('hello from the terminal')) throw new Error(`the CLI never saw its own line:\n${said()}`);
    await waitFor('the headless room to log the terminal user', () => (out().includes('terminal') ? true : undefined));
    step('sarangbang join: joined the packaged --serve room, chatted, left (exit 0)');
  } finally {
    serve.kill('SIGTERM');
    await exited;
  }
}

async function desktopScenario(): Promise<void> {
  const people: PackagedPerson[] = [];
  try {
    const aliceApp = await openPackagedPerson(executable, tmp, 'alice');
    people.push(aliceApp);
    const bobApp = await openPackagedPerson(executable, tmp, 'bob');
    people.push(bobApp);
    const alice = new User('alice', aliceApp, 'en');
    const bob = new User('bob', bobApp, 'en');
    step('two packaged instances show app://sarangbang/index.html');
    await alice.completeFirstRun();
    await bob.completeFirstRun();
    step('first run done in both');
    const port = await freePort();
    await alice.hostRoom(port, 'Packaged room');
    await bob.joinRoom(port);
    await alice.person('bob').waitFor();
    step(`alice hosts on ${port}, bob joined`);
    // The room runs in its own utility process: the app says on stderr when it had to host in its main process.
    if (aliceApp.stderr().includes('[host] hosting in the main process'))
      throw new Error(`the room could not run in its own process:\n${aliceApp.stderr()}`);
    step('the room runs in a utility process of its own');
    await bob.send('Hello from the packaged app');
    await alice.sees('Hello from the packaged app');
    await alice.send('안녕하세요');
    await bob.sees('안녕하세요');
    step('chat both ways');
    const file = await randomFile(join(tmp, 'outbox'), 'report.pdf', 1024 * 1024 + 7);
    await aliceApp.dropFiles(alice.person('bob'), [file]);
    const offer = bob.dialog(bob.t.offerTitle);
    await offer.getByText('report.pdf').waitFor();
    await offer.getByRole('button', { name: bob.t.accept }).click();
    await bob.openTransfers();
    await bob.transfer('report.pdf', 'Verified').waitFor();
    const received = join(bob.downloadDir, 'report.pdf');
    if ((await sha256(received)) !== (await sha256(file))) throw new Error('the received file differs');
    step('a dropped file: offered, accepted, verified, identical on disk');
    for (const user of [alice, bob])
      if (user.pageErrors.length > 0) throw new Error(`${user.name}'s page: ${user.pageErrors.join('; ')}`);
  } finally {
    for (const person of people) await person.close().catch(() => undefined);
  }
}

let failed = false;
try {
  step(`app: ${executable}`);
  await serveAndJoin();
  await desktopScenario();
  step('all steps passed');
} catch (error) {
  failed = true;
  console.error(`[packaged] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await rm(tmp, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
}
process.exit(failed ? 1 : 0);
