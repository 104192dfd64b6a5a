/**
 * The CLI on a many-room server (docs/PROTOCOL.md section 19.5): `serve --rooms FILE` (its banner, a bad file
 * stopping it with exit 2 before it listens), `--allow-new-rooms`, and `join HOST ROOM` with /rooms and /join ROOM.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, nextEvent } from '../client/test-support.js';
import { runCli, stopCli, type CliProcess } from './cli-process.js';

const harness = createHarness();
const clis: CliProcess[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await harness.cleanup();
});

function cli(args: string[]): CliProcess {
  const started = runCli(args);
  clis.push(started);
  return started;
}

async function roomsFile(content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sarangbang-rooms-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'rooms.json');
  await writeFile(file, content);
  return file;
}

const serveArgs = ['serve', '--host', '127.0.0.1', '--port', '0'];

describe('sarangbang serve --rooms and join HOST ROOM', { timeout: 60_000 }, () => {
  it('serves the rooms of a file; join HOST ROOM enters one; /rooms lists them and /join moves', async () => {
    const file = await roomsFile(
      JSON.stringify({
        default: 'lobby',
        rooms: [{ name: 'math', maxUsers: 50 }, { name: 'lobby' }, { name: 'physics' }],
      }),
    );
    const server = cli([...serveArgs, '--rooms', file]);
    const port = Number((await server.waitFor(/^Sarangbang room "lobby" is open on port (\d+)/))[1]);
    await server.waitFor(/^Rooms: lobby \(default\), math, physics$/);

    const watcher = await harness.join(port, 'watcher', { room: 'physics' });
    const joined = nextEvent(watcher, 'joined', (event) => event.user.nick === 'atom');
    const term = cli(['join', `127.0.0.1:${port}`, 'math', '--name', 'atom']);
    await term.waitFor(/^Joined "math" at 127\.0\.0\.1:\d+ as atom\. 1 user here\./);
    await server.waitFor(/atom joined math from/);
    term.write('/rooms');
    await term.waitFor(/^Rooms \(3\):$/);
    await term.waitFor(/^ {2}math +1\/50 ← here$/);
    term.write('/join nowhere');
    await term.waitFor(/^! There is no room called nowhere here/);
    term.write('/join Physics\nhello physics');
    await term.waitFor(/^Joined "physics" at 127\.0\.0\.1:\d+ as atom\. 2 users here\./);
    await joined;
    const heard = await nextEvent(watcher, 'msg', (message) => message.from === 'atom');
    expect(heard.text).toBe('hello physics');
    term.child.stdin.end();
    expect(await term.exited).toEqual({ code: 0, signal: null });
  });

  it('says --allow-new-rooms on the banner; a room is made on first join', async () => {
    const server = cli([...serveArgs, '--name', 'lab', '--allow-new-rooms', '--max-rooms', '5']);
    const port = Number((await server.waitFor(/^Sarangbang room "lab" is open on port (\d+)/))[1]);
    await server.waitFor(/^Rooms: lab \(default\); new rooms on first join \(at most 5\)$/);
    const ann = await harness.join(port, 'ann', { room: 'chemistry' });
    expect(ann.room?.name).toBe('chemistry');
    // The welcome came before the login made the room.
    expect(ann.serverRooms).toEqual({ count: 1, allowNew: true });
    expect(await ann.rooms()).toMatchObject({ total: 2, default: 'lab', allowNew: true });
  });

  it('stops with exit code 2 before listening when the rooms file is bad, naming the file and the problem', async () => {
    for (const [content, problem] of [
      ['{"rooms":[{"name":"math"},', /not JSON/],
      ['{"rooms":[{"name":"math"},{"name":"MATH"}]}', /the rooms math and MATH are the same room/],
      ['{"rooms":[{"name":"two words"}]}', /room name "two words"/],
      ['{"default":"chem","rooms":[{"name":"math"}]}', /the default room chem is not among the rooms/],
      ['{"rooms":[{"name":"math","maxUsers":0}]}', /"maxUsers" must be a whole number/],
    ] as const) {
      const file = await roomsFile(content);
      const server = cli([...serveArgs, '--rooms', file]);
      expect(await server.exited).toEqual({ code: 2, signal: null });
      expect(server.stderr()).toContain(`The rooms file "${file}" is not valid`);
      expect(server.stderr()).toMatch(problem);
      expect(server.stdout()).not.toMatch(/is open on port/);
    }
    const missing = cli([...serveArgs, '--rooms', '/nonexistent/rooms.json']);
    expect(await missing.exited).toEqual({ code: 2, signal: null });
    expect(missing.stderr()).toContain('Could not read the rooms file "/nonexistent/rooms.json"');
  });
});
