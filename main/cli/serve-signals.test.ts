/**
 * `npm run serve` closes the room whichever of its processes (npm → sh → node) gets SIGTERM or SIGINT: the room
 * says goodbye to its clients and stops listening (main/cli/parent-watch.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { childPids, tempConfigDir } from './cli-process.js';
import { TextTestClient } from '../gateway/test-support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the group: npm, its shell and the room
    } catch {
      // already gone
    }
  }
});

/** `npm run serve` on a free port; resolves once the room is open, with its port. */
async function npmServe(): Promise<{ npm: ChildProcess; port: number; output: () => string }> {
  const npm = spawn('npm', ['run', 'serve', '--', '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, SARANGBANG_CONFIG_DIR: tempConfigDir() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, as in a terminal: Ctrl+C signals the whole group
  });
  started.push(npm);
  let output = '';
  npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no room within 30 s:\n${output}`)), 30_000);
    npm.stdout!.on('data', () => {
      const match = /is open on port (\d+)/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return { npm, port, output: () => output };
}

/** Every process below `pid` (Linux /proc), children first. */
function descendants(pid: number): number[] {
  return childPids(pid).flatMap((child) => [child, ...descendants(child)]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe.skipIf(process.platform !== 'linux')('npm run serve and signals', { timeout: 90_000 }, () => {
  const cases: [string, (npm: ChildProcess) => void][] = [
    ['SIGTERM to the npm process', (npm) => npm.kill('SIGTERM')],
    ['SIGINT to the npm process only', (npm) => npm.kill('SIGINT')],
    ['SIGTERM to the whole process group', (npm) => process.kill(-npm.pid!, 'SIGTERM')],
    ['SIGINT to the whole process group (Ctrl+C in a terminal)', (npm) => process.kill(-npm.pid!, 'SIGINT')],
  ];
  for (const [what, send] of cases) {
    it(`${what} closes the room and tells its clients`, async () => {
      const { npm, port, output } = await npmServe();
      const nc = await TextTestClient.login(port, 'nc');
      const family = descendants(npm.pid!);
      expect(family.length).toBeGreaterThanOrEqual(2); // the shell and node, at least
      send(npm);
      expect(await nc.next(/서버가 종료됩니다/u, 15_000)).toBe('* 서버가 종료됩니다. (The server is shutting down.)');
      await nc.closed();
      await expect.poll(() => refused(port), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => output()).toContain('Room closed.');
      // No process of the room stays behind: not node, not its relay child.
      await expect.poll(() => family.filter(alive), { timeout: 15_000 }).toEqual([]);
    });
  }
});
