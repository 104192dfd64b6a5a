/**
 * `sarangbang serve` runs in a process started with the room's memory settings (bin/serve-process.js): the V8 heap
 * flags and glibc's single malloc arena, in the same process the user started (process.execve keeps the pid), and a
 * MALLOC_ARENA_MAX the user set is kept. Linux only: it reads the room's command line and environment from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from './cli-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** `node bin/sarangbang.js serve` on a free port; resolves once the room is open. */
async function serve(env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/sarangbang.js', 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, SARANGBANG_CONFIG_DIR: tempConfigDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no room within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is open on port')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
  return child;
}

const proc = (pid: number, file: string): string[] => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0');

describe.skipIf(process.platform !== 'linux')('the room process', () => {
  it('is the process the user started, with the heap flags and one malloc arena', async () => {
    const room = await serve({ MALLOC_ARENA_MAX: undefined });
    const argv = proc(room.pid!, 'cmdline');
    expect(argv).toEqual(expect.arrayContaining(['--max-semi-space-size=4', '--heap-growing-percent=50', 'serve']));
    expect(proc(room.pid!, 'environ')).toContain('MALLOC_ARENA_MAX=1');
  }, 40_000);

  it("keeps the user's own MALLOC_ARENA_MAX", async () => {
    const room = await serve({ MALLOC_ARENA_MAX: '4' });
    const environ = proc(room.pid!, 'environ');
    expect(environ).toContain('MALLOC_ARENA_MAX=4');
    expect(environ).not.toContain('MALLOC_ARENA_MAX=1');
  }, 40_000);
});
