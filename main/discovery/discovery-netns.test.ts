// LAN discovery for real, inside two network namespaces joined by a veth pair (never on this machine's interfaces):
// a `serve` announcing in one, `sarangbang rooms`, a browser and `join NAME` in the other; the subnet probe with
// multicast off between them; a room on loopback announcing nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetnsPair, netnsUnavailable, type NetnsPair, type NsProcess } from './test-netns.js';

const skip = netnsUnavailable();
if (skip) console.log(`Skipping the discovery network-namespace tests: ${skip}.`);

const config = (): NodeJS.ProcessEnv => ({ SARANGBANG_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'sb-disc-')) });
const CODE = /[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}/;

async function stop(process: NsProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGTERM');
  return process.exited;
}

describe.skipIf(skip !== undefined)('LAN discovery across network namespaces', { timeout: 60_000 }, () => {
  let pair: NetnsPair;
  const hostConfig = config();
  beforeAll(() => {
    pair = createNetnsPair();
  });
  afterAll(async () => {
    await pair?.close();
  });

  async function serve(...args: string[]): Promise<{ cli: NsProcess; code: string }> {
    const cli = pair.a.cli(['serve', '--name', 'lab', ...args], hostConfig);
    const code = (await cli.waitFor(/^Room code: (\S+)$/))[1] ?? '';
    return { cli, code };
  }

  it('`rooms` in the other namespace lists an announced room within 3 s, as text and as JSON', async () => {
    const { cli, code } = await serve('--password', 'sesame');
    try {
      await cli.waitFor(/^Announced on the local network as "lab" \(_sarangbang\._tcp\)$/);
      const rooms = pair.b.cli(['rooms'], config());
      expect((await rooms.exited).code).toBe(0);
      const line = new RegExp(
        `^"lab"\\s+${pair.a.address.replace(/\./g, '\\.')}:30000\\s+0/100\\s+password\\s+${code}$`,
      );
      expect(rooms.stdout().trim()).toMatch(line);

      const json = pair.b.cli(['rooms', '--json', '--wait', '2000'], config());
      expect((await json.exited).code).toBe(0);
      const lines = json.stdout().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        name: 'lab',
        address: `${pair.a.address}:30000`,
        people: 0,
        maxUsers: 100,
        passwordRequired: true,
        plainAllowed: false,
        roomCode: code,
        via: 'mdns',
        link: `sarangbang://${pair.a.address}:30000/?code=${code}`,
      });
    } finally {
      await stop(cli);
    }
  });

  it('a browser sees the people count change, and the room gone within 5 s of closing', async () => {
    const browse = pair.b.node(['main/discovery/test-browse.ts', '40000']);
    await browse.waitFor(/^browsing$/);
    const { cli, code } = await serve();
    try {
      await browse.waitFor(/"name":"lab".*"people":0/);
      const atom = pair.b.cli(['join', `${pair.a.address}:30000`, '--code', code, '--name', 'atom'], config());
      await atom.waitFor(/Verified room code/);
      await browse.waitFor(/"name":"lab".*"people":1/, 10_000);
      atom.child.stdin.end('/exit\n');
      await atom.exited;
    } finally {
      const closed = Date.now();
      await stop(cli);
      const gone = await browse.waitFor(/^\{"ms":\d+,"rooms":\[\]\}$/, 5000);
      expect(gone).toBeTruthy();
      expect(Date.now() - closed).toBeLessThan(5000);
      await stop(browse);
    }
  });

  it('`join NAME` finds the room on the other namespace and verifies its announced identity', async () => {
    const { cli, code } = await serve();
    try {
      await cli.waitFor(/^Announced on the local network/);
      const atom = pair.b.cli(['join', 'lab', '--name', 'atom'], config());
      atom.child.stdin.end('/list\n');
      await atom.waitFor(
        new RegExp(`^Found room "lab" at ${pair.a.address.replace(/\./g, '\\.')}:30000 \\(code ${code}\\)$`),
      );
      await atom.waitFor(new RegExp(`Verified room code ${code}`));
      expect((await atom.exited).code).toBe(0);

      const missing = pair.b.cli(['join', 'kitchen', '--name', 'atom'], config());
      expect((await missing.exited).code).toBe(1);
      expect(missing.stderr()).toMatch(/No room called "kitchen" was found[\s\S]*"lab"/);
    } finally {
      await stop(cli);
    }
  });

  it('a room on 127.0.0.1 announces nothing', async () => {
    const { cli } = await serve('--host', '127.0.0.1');
    try {
      await cli.waitFor(/^Not announced \(listening on loopback only\)$/);
      const rooms = pair.b.cli(['rooms', '--wait', '2000'], config());
      expect((await rooms.exited).code).toBe(1);
      expect(rooms.stdout()).toBe('');
      expect(rooms.stderr()).toMatch(/^No rooms found[\s\S]*Wi-Fi client isolation/);
    } finally {
      await stop(cli);
    }
  });

  it('`serve --no-announce` says so and is not listed by mDNS', async () => {
    const { cli } = await serve('--no-announce');
    try {
      await cli.waitFor(/^Not announced \(--no-announce\)$/);
      const browse = pair.b.node(['main/discovery/test-browse.ts', '2500']);
      await browse.waitFor(/^stopped$/, 15_000);
      expect(browse.stdout()).not.toMatch(/"lab"/);
    } finally {
      await stop(cli);
    }
  });
});

describe.skipIf(skip !== undefined)('the subnet probe with multicast off', { timeout: 90_000 }, () => {
  let pair: NetnsPair;
  beforeAll(() => {
    pair = createNetnsPair({ multicast: false });
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('finds the room when mDNS finds nothing, on the private subnet or one the user names', async () => {
    const cli = pair.a.cli(['serve', '--name', 'far room', '--max-users', '7'], config());
    try {
      const code = (await cli.waitFor(/^Room code: (\S+)$/))[1] ?? '';
      await cli.waitFor(/^Press Ctrl\+C/);
      const line = new RegExp(
        `^"far room"\\s+${pair.a.address.replace(/\./g, '\\.')}:30000\\s+0/7\\s+open,plain\\s+${code}$`,
      );

      // Multicast really is off between them: a browser hears nothing.
      const browse = pair.b.node(['main/discovery/test-browse.ts', '2500']);
      await browse.waitFor(/^stopped$/, 15_000);
      expect(browse.stdout()).toBe('browsing\nstopped\n');

      const started = Date.now();
      const auto = pair.b.cli(['rooms', '--wait', '1500'], config());
      expect((await auto.exited).code).toBe(0);
      expect(auto.stdout().trim()).toMatch(line);
      console.log(`rooms with the subnet probe (254 addresses, node start included): ${Date.now() - started} ms`);

      const named = pair.b.cli(['rooms', '--json', '--wait', '500', '--subnet', pair.subnet], config());
      expect((await named.exited).code).toBe(0);
      expect(JSON.parse(named.stdout().trim())).toMatchObject({ name: 'far room', via: 'probe', roomCode: code });
      expect(code).toMatch(CODE);
    } finally {
      await stop(cli);
    }
  });
});
