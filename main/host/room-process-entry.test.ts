import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeChildEntry } from '../node-child.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  // A process that never hears `close` would live on (it keeps itself alive): end it with the test.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A stand-in for Electron's `process.parentPort` that holds nothing open (as in a packaged app): messages out go to
 * stdout as JSON lines; `close` comes in after `afterMs` from a timer that does not keep the process alive either.
 */
const fakeParentPort = (afterMs: number) => `
process.parentPort = {
  postMessage: (message) => process.stdout.write(JSON.stringify(message) + '\\n'),
  on: (event, listener) => {
    if (event === 'message') setTimeout(() => listener({ data: { t: 'close', message: 'bye' } }), ${afterMs}).unref();
  },
};
`;

describe('the room process under a utility-process channel', () => {
  it('waits for the app instead of ending when nothing else holds it open, and ends when told to close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-room-entry-'));
    dirs.push(dir);
    const preload = join(dir, 'fake-parent-port.cjs');
    await writeFile(preload, fakeParentPort(1_500));
    const entry = nodeChildEntry(import.meta.url, 'room-process-entry');
    const child = spawn(process.execPath, [...entry.execArgv, '--require', preload, entry.file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ t: 'closed' }]);
    expect(code).toBe(0);
  }, 20_000);
});
