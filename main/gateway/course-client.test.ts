/**
 * The course's C client (seed 000, compiled here with gcc from fixtures/course-chat-client.c) in a room with a line
 * client (nc) and the terminal client (`sarangbang join`): its 128-byte blocks from uncleared buffers put no stray
 * line anywhere, `/sleep` holds, and its screen shows exactly the room's lines (block mode, docs/PROTOCOL.md 14.6).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, stopCli, type CliProcess } from '../cli/cli-process.js';
import { useTestRoom } from './test-support.js';

const SOURCE = fileURLToPath(new URL('./fixtures/course-chat-client.c', import.meta.url));
const hasGcc = spawnSync('gcc', ['--version']).status === 0;
if (!hasGcc) console.warn('course-client.test.ts: gcc is not installed; the course C client tests are skipped.');

const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython)
  console.warn('course-client.test.ts: python3 is not installed; the course Python client test is skipped.');

/** Seed 001's thread client: sends its id, then `[id]message` per input line, never a newline; prints what comes. */
const PYTHON_CLIENT = `
import socket, sys, threading
def recv_message(s):
    while True:
        message = s.recv(1024)
        if not message:
            break
        print(message.decode(), flush=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((sys.argv[1], int(sys.argv[2])))
client_id = sys.argv[3]
s.send(client_id.encode())
threading.Thread(target=recv_message, args=(s,), daemon=True).start()
while True:
    message = input('')
    s.send(('[' + client_id + ']' + message).encode())
    if message[0:4].lower() == 'quit':
        break
s.close()
`;

const room = useTestRoom({ textGreetingMs: 200 });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Compiles the fixture into a fresh temporary folder; returns the binary's path. */
function compile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-course-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, 'course-chat-client');
  const built = spawnSync('gcc', ['-o', binary, SOURCE], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`gcc failed: ${built.stderr}`);
  return binary;
}

interface CourseClient {
  child: ChildProcessWithoutNullStreams;
  screen(): string;
  type(line: string): void;
}

function courseClient(binary: string, port: number, name: string): CourseClient {
  const child = spawn(binary, ['127.0.0.1', String(port), name], { stdio: 'pipe' });
  cleanups.push(() => child.kill('SIGKILL'));
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  return {
    child,
    screen: () => Buffer.concat(out).toString('utf8'),
    type: (line) => child.stdin.write(`${line}\n`),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasGcc)('the course C client (gcc)', { timeout: 60_000 }, () => {
  it('shares a room with nc and the terminal client: no stray line, /sleep holds, its screen is the room', async () => {
    const port = await room.start({ roomName: 'lab' });
    const nc = await room.text(port, 'nc');
    const term: CliProcess = runCli(['join', `127.0.0.1:${port}`, '--name', 'term']);
    cleanups.push(() => stopCli(term));
    await term.waitFor(/^Joined "lab"/u);

    const atom = courseClient(compile(), port, 'atom');
    await nc.next('[atom]님이 입장하였습니다. (atom joined)');
    atom.type('hello everyone, how are you all');
    expect(await nc.next(/^\[atom\]/u)).toBe('[atom] hello everyone, how are you all');
    // The client's buffer still holds the end of that line after the NUL of this one.
    atom.type('hi');
    expect(await nc.next(/^\[atom\]/u)).toBe('[atom] hi');
    const long = '가'.repeat(60); // 185 bytes as a line: two blocks, cut between characters
    nc.line(long);
    await nc.next(`[nc] ${long}`);
    await expect.poll(() => atom.screen()).toContain(`[nc] ${long}\n`);

    // After the NUL of "[atom] /sleep" the buffer holds the Hangul it last received: never a chat line.
    atom.type('/sleep');
    expect(await nc.next(/부재중/u)).toBe('[atom]님이 부재중입니다. (atom is away)');
    nc.line('while you sleep');
    await nc.next('[nc] while you sleep');
    await sleep(400);
    expect(room.server.room.find('atom')?.info().status).toBe('away');
    atom.type('/wakeup');
    expect(await nc.next(/돌아왔습니다/u)).toBe('[atom]님이 돌아왔습니다. (atom is back)');
    await expect.poll(() => atom.screen()).toContain('[nc] while you sleep\n');
    atom.type('/exit');
    await new Promise((resolve) => atom.child.once('exit', resolve));
    await nc.next(/퇴장/u);

    expect(atom.screen().split('\n')).toEqual([
      '* [atom] 채팅 서버에 접속되었습니다. (Welcome, atom! 3 here; /help lists commands.)',
      '[atom] hello everyone, how are you all',
      '[atom] hi',
      `[nc] ${long}`,
      '* 부재중 모드입니다. /wakeup 또는 아무 메시지나 보내면 돌아옵니다. (You are away; /wakeup or any message brings you back.)',
      '* 부재중 모드를 끝냈습니다. 놓친 메시지 1개. (You are back; you missed 1 message.)',
      '[nc] while you sleep',
      'Good bye.',
      '',
    ]);
    // Nobody saw anything of atom's but these two lines.
    const atomLines = (text: string): string[] => text.split(/\r?\n/u).filter((line) => line.startsWith('[atom] '));
    expect(nc.unread().filter((line) => line.startsWith('[atom] '))).toEqual([]);
    await expect.poll(() => atomLines(term.stdout()).length).toBe(2);
    expect(atomLines(term.stdout())).toEqual(['[atom] hello everyone, how are you all', '[atom] hi']);
  });
});

describe.skipIf(!hasGcc)('the course C client on a many-room server (gcc)', { timeout: 60_000 }, () => {
  it('lands in the default room, as before: rooms are new to nobody who does not name one', async () => {
    const port = await room.start({ rooms: [{ name: 'lobby' }, { name: 'math' }] });
    const lobby = await room.text(port, 'nc');
    const math = await room.text(port, 'mathie');
    math.line('/join math');
    await math.next(/Welcome, mathie! 1 here/u);
    const atom = courseClient(compile(), port, 'atom');
    await lobby.next('[atom]님이 입장하였습니다. (atom joined)');
    atom.type('hello lobby');
    expect(await lobby.next(/^\[atom\]/u)).toBe('[atom] hello lobby');
    math.line('hello math');
    await math.next('[mathie] hello math');
    await expect.poll(() => atom.screen()).toContain('[atom] hello lobby\n');
    expect(atom.screen()).not.toContain('hello math');
    expect(math.unread().filter((line) => line.includes('atom'))).toEqual([]);
  });
});

describe.skipIf(!hasPython)('the course Python client (seed 001)', { timeout: 30_000 }, () => {
  it('is heard although it never sends a newline: its id, then each message after a pause', async () => {
    const port = await room.start();
    const nc = await room.text(port, 'nc');
    const python = spawn('python3', ['-c', PYTHON_CLIENT, '127.0.0.1', String(port), '7'], { stdio: 'pipe' });
    cleanups.push(() => python.kill('SIGKILL'));
    let screen = '';
    python.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    // Its id "7" is its first message: it joins as a guest and says "7".
    expect(await nc.next(/^\[guest1\] /u)).toBe('[guest1] 7');
    python.stdin.write('gd\n');
    expect(await nc.next(/^\[guest1\] /u)).toBe('[guest1] [7]gd');
    nc.line('hi python');
    await expect.poll(() => screen).toContain('[nc] hi python');
  });
});
