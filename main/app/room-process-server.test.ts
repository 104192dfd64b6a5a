import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostState } from '@contract/ipc-contract';
import { forkRoomProcess } from '../host/fork-room-process.js';
import type { FromRoomProcess, RoomProcessLink } from '../host/room-process-messages.js';
import { embeddedServerStarter } from './embedded-server.js';
import { ROOM_RESTARTS, RoomHost, type StartServer } from './room-host.js';
import { roomProcessStarter, RoomProcessUnavailable, withInProcessFallback } from './room-process-server.js';
import { createTestApp, LOOPBACK_ROOM, type TestApp } from './test-support.js';

/** Every process this file starts, so that each test can see it end and none outlives the file. */
const links: { link: RoomProcessLink; exited: Promise<number | null> }[] = [];
const tracked = (): RoomProcessLink => {
  const link = forkRoomProcess();
  links.push({ link, exited: new Promise((resolve) => link.onExit(resolve)) });
  return link;
};
const inItsOwnProcess = roomProcessStarter(tracked, { extra: { textGreetingMs: 60_000 } });

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.allSettled(apps.splice(0).map((app) => app.close()));
  for (const { link } of links.splice(0)) link.kill();
});
const newApp = async (name: string, startServer?: StartServer): Promise<TestApp> => {
  const app = await createTestApp(name, undefined, startServer);
  apps.push(app);
  await app.ok('app.ready');
  return app;
};
const hostRoom = async (app: TestApp): Promise<number> => {
  const hosted = await app.ok('host.start', { port: 0, maxUsers: 5 });
  if (!hosted.running) throw new Error('not hosting');
  return hosted.port;
};

describe('the app hosting its room in a process of its own', () => {
  it('runs the room apart from the app: members chat, the host sees them, and a file arrives verified', async () => {
    const alice = await newApp('alice', inItsOwnProcess);
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    expect(links).toHaveLength(1);
    const server = (alice.app.host as unknown as { server: { processUsage(): Promise<{ rss: number }> } }).server;
    expect((await server.processUsage()).rss).toBeGreaterThan(0);

    await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice' });
    await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    await alice.waitFor('host', (s) => s.running && s.userCount === 2);
    await bob.ok('room.say', { roomId: bob.app.chat.snapshot()!.roomId, text: 'hello from bob' });
    await alice.waitFor('room', (e) => e.t === 'msg' && e.text === 'hello from bob');

    const dir = await mkdtemp(join(tmpdir(), 'sb-room-process-'));
    try {
      const content = randomBytes(2_000_000);
      await writeFile(join(dir, 'notes.bin'), content);
      const [file] = await bob.ok('files.registerPaths', { paths: [join(dir, 'notes.bin')] });
      await bob.ok('files.offer', { to: ['alice'], fileIds: [file!.fileId] });
      const offer = await alice.waitFor('file.offer');
      await alice.ok('files.answer', { offerId: offer.offerId, decision: 'accept' });
      await alice.waitFor('transfer.update', (i) => i.direction === 'receive' && i.state === 'verified', 15_000);
      const arrived = await readFile(join(alice.app.settings.get().downloadDir, 'notes.bin'));
      expect(arrived.equals(content)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    await bob.ok('room.leave', { roomId: bob.app.chat.snapshot()!.roomId });
    await alice.waitFor('host', (s) => s.running && s.userCount === 1);
  });

  it('stopping tells the members why, ends the process and frees the port', async () => {
    const alice = await newApp('alice', inItsOwnProcess);
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    await alice.ok('host.stop', { message: 'Class is over.' });
    expect(await bob.waitFor('room', (e) => e.t === 'notice' && e.code === 'host_stopping')).toMatchObject({
      text: 'Class is over.',
    });
    expect(alice.app.host.state()).toEqual({ running: false });
    await links[0]!.exited;
    const again = createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => again.close(resolve));
  });

  it('closing twice (a quit during a stop) waits for the same end', async () => {
    const server = await inItsOwnProcess(LOOPBACK_ROOM);
    await Promise.all([server.close('bye'), server.close('bye again')]);
    await links[0]!.exited;
    await server.close('after the end');
  });

  it('a port in use is the same refusal as in-process, and no process is left behind', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const alice = await newApp('alice', inItsOwnProcess);
      expect(await alice.call('host.start', { port, maxUsers: 5 })).toMatchObject({
        ok: false,
        error: { code: 'port_in_use' },
      });
      await links[0]!.exited;
      expect(alice.app.host.state()).toEqual({ running: false });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('when the room process dies, the room starts again on the same port and its members come back by themselves', async () => {
    const alice = await newApp('alice', inItsOwnProcess);
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice' });
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    const before = bob.events.length;
    links[0]!.link.kill();
    await links[0]!.exited;
    await alice.waitFor('host', (s) => s.running && s.port === port && links.length === 2);
    const back = () =>
      bob.events
        .slice(before)
        .some((e) => e.event === 'connection' && (e.payload as { phase: string }).phase === 'connected');
    await bob.waitFor('connection', (c) => c.phase === 'connected' && back(), 15_000);
    await alice.waitFor('host', (s) => s.running && s.userCount === 2, 15_000);
    await bob.ok('room.say', { roomId, text: 'still here' });
    await alice.waitFor('room', (e) => e.t === 'msg' && e.text === 'still here');
  });

  it(`a room whose process keeps dying stops after ${ROOM_RESTARTS.max} restarts a minute`, async () => {
    const states: HostState[] = [];
    const host = new RoomHost(inItsOwnProcess, (state) => states.push(state), '127.0.0.1');
    await host.start({ port: 0, maxUsers: 5 }, 'lab');
    for (let end = 0; end <= ROOM_RESTARTS.max; end += 1) {
      const { link, exited } = links[end]!;
      link.kill();
      await exited;
      if (end < ROOM_RESTARTS.max)
        await vi.waitFor(
          () => {
            expect(links).toHaveLength(end + 2);
            expect(host.state()).toMatchObject({ running: true });
          },
          { timeout: 10_000 },
        );
    }
    await vi.waitFor(() => expect(states.at(-1)).toEqual({ running: false }));
    expect(host.state()).toEqual({ running: false });
    expect(links).toHaveLength(ROOM_RESTARTS.max + 1);
    // Stopped for good: starting again is the user's choice, and works.
    expect(await host.start({ port: 0, maxUsers: 5 }, 'lab')).toMatchObject({ running: true });
    await host.stop();
  });

  it('stopping while the room starts again stops the new room', async () => {
    const host = new RoomHost(inItsOwnProcess, () => undefined, '127.0.0.1');
    await host.start({ port: 0, maxUsers: 5 }, 'lab');
    links[0]!.link.kill();
    await links[0]!.exited;
    expect(await host.stop()).toEqual({ running: false });
    await vi.waitFor(() => expect(links).toHaveLength(2));
    await links[1]!.exited;
  });

  it('the self-check reads the room process figures fresh', async () => {
    const host = new RoomHost(inItsOwnProcess, () => undefined, '127.0.0.1');
    await host.start({ port: 0, maxUsers: 5 }, 'lab');
    const check = await host.selfCheck(async () => 'unknown');
    expect(check).toMatchObject({ listenHost: '127.0.0.1', announced: false, remoteConnections: 0 });
    await host.stop();
  });
});

describe('hosting in-process when the room process cannot run', () => {
  /** A process that ends before it says anything (a missing or broken bundle). */
  const brokenProcess = (): RoomProcessLink => {
    let onExit: ((code: number | null) => void) | undefined;
    setTimeout(() => onExit?.(1), 5);
    return {
      send: () => undefined,
      onMessage: (_listener: (message: FromRoomProcess) => void) => undefined,
      onExit: (listener) => {
        onExit = listener;
      },
      kill: () => undefined,
    };
  };

  it('falls back once, says why, and hosts in-process from then on', async () => {
    let spawned = 0;
    const reports: Error[] = [];
    const start = withInProcessFallback(
      roomProcessStarter(() => {
        spawned += 1;
        return brokenProcess();
      }),
      embeddedServerStarter(),
      (error) => reports.push(error),
    );
    const first = await start(LOOPBACK_ROOM);
    expect(first.port).toBeGreaterThan(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toBeInstanceOf(RoomProcessUnavailable);
    expect(reports[0]!.message).toContain('ended before the room started');
    await first.close('bye');
    const second = await start(LOOPBACK_ROOM);
    expect(spawned).toBe(1);
    await second.close('bye');
  });

  it('a room process that cannot be spawned at all is unavailable too', async () => {
    const start = roomProcessStarter(() => {
      throw new Error('spawn EACCES');
    });
    await expect(start(LOOPBACK_ROOM)).rejects.toBeInstanceOf(RoomProcessUnavailable);
  });

  it('a refusal from the room process is not a reason to fall back', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const reports: Error[] = [];
    try {
      const start = withInProcessFallback(inItsOwnProcess, embeddedServerStarter(), (error) => reports.push(error));
      await expect(start({ ...LOOPBACK_ROOM, port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(reports).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
