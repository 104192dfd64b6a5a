import { afterEach, describe, expect, it } from 'vitest';
import type { RoomServer } from '../gateway/server.js';
import { createHarness } from '../client/test-support.js';
import { runCli, stopCli, type CliProcess } from './cli-process.js';

const harness = createHarness();
const clis: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  await harness.cleanup();
});

function join(port: number, ...args: string[]): CliProcess {
  const cli = runCli(['join', `127.0.0.1:${port}`, '--name', 'bot', ...args]);
  clis.push(cli);
  return cli;
}

/** The texts a room posted, in order (observed on the host). */
function posted(server: RoomServer): string[] {
  const texts: string[] = [];
  server.room.on('message', (record) => texts.push(record.text));
  return texts;
}

describe('sarangbang join: nothing typed is lost', { timeout: 60_000 }, () => {
  it('delivers all 60 lines of a piped script in a room limited to 20 a second, and exits 0', async () => {
    const { server, port } = await harness.startServer({ rateLimit: 20 });
    const texts = posted(server);
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`);
    const cli = join(port);
    cli.child.stdin.end(`${lines.join('\n')}\n`);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(texts).toEqual(lines);
    expect(cli.stdout()).not.toMatch(/slow down/);
    expect(cli.stderr()).toBe('');
  });

  it('queues lines typed while reconnecting and sends them once the room is back', async () => {
    const first = await harness.startServer();
    const cli = join(first.port);
    await cli.waitFor(/^Joined/);
    await first.server.close();
    await cli.waitFor(/^Reconnecting in/);
    cli.write('typed while down');
    cli.write('/to nobody hi');
    cli.write('and another');
    await cli.waitFor(/^Queued: will send when reconnected\.$/);

    const second = await harness.startServer({}, first.port);
    const texts = posted(second.server);
    await cli.waitFor(/^\[bot\] and another$/);
    cli.child.stdin.end();
    expect(await cli.exited).toEqual({ code: 4, signal: null });
    expect(texts).toEqual(['typed while down', 'and another']);
    expect(cli.stdout().match(/^Queued: will send/gm)).toHaveLength(1);
    expect(cli.stdout()).toMatch(/^! Nobody called nobody is here\.$/m);
    expect(cli.stderr()).toBe('! Not sent: /to nobody hi\n');
  });

  it('lists on stderr the lines still queued when it is told to leave, with exit code 4', async () => {
    const { server, port } = await harness.startServer();
    const cli = join(port);
    await cli.waitFor(/^Joined/);
    await server.close();
    await cli.waitFor(/^Reconnecting in/);
    cli.write('first unsent');
    cli.write('second unsent');
    await cli.waitFor(/^Queued/);
    cli.write('/exit');
    expect(await cli.exited).toEqual({ code: 4, signal: null });
    expect(cli.stderr()).toBe('! Not sent: first unsent\n! Not sent: second unsent\n');
  });
});
