/**
 * `sarangbang serve` runs in a process started with the room's memory settings (bin/serve-process.js): the V8 heap
 * flags and glibc's single malloc arena, in the same process the user started (process.execve keeps the pid), and a
 * MALLOC_ARENA_MAX the user set is kept. Linux only: it reads the room's command line and environment from /proc.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, stopCli, type CliProcess } from './cli-process.js';

const started: CliProcess[] = [];
afterEach(() => Promise.all(started.splice(0).map(stopCli)));

/** `sarangbang serve` on a free port, once the room is open. */
async function serve(env: NodeJS.ProcessEnv = {}): Promise<CliProcess> {
  const room = runCli(['serve', '--port', '0', '--host', '127.0.0.1'], env);
  started.push(room);
  await room.waitFor(/is open on port/, 30_000);
  return room;
}

const proc = (room: CliProcess, file: string): string[] =>
  readFileSync(`/proc/${room.child.pid}/${file}`, 'utf8').split('\0');

describe.skipIf(process.platform !== 'linux')('the room process', () => {
  it('is the process the user started, with the heap flags and one malloc arena', async () => {
    const room = await serve({ MALLOC_ARENA_MAX: undefined });
    expect(proc(room, 'cmdline')).toEqual(
      expect.arrayContaining(['--max-semi-space-size=4', '--heap-growing-percent=50', 'serve']),
    );
    expect(proc(room, 'environ')).toContain('MALLOC_ARENA_MAX=1');
  }, 40_000);

  it("keeps the user's own MALLOC_ARENA_MAX", async () => {
    const room = await serve({ MALLOC_ARENA_MAX: '4' });
    const environ = proc(room, 'environ');
    expect(environ).toContain('MALLOC_ARENA_MAX=4');
    expect(environ).not.toContain('MALLOC_ARENA_MAX=1');
  }, 40_000);
});
