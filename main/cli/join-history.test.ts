import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, nextEvent } from '../client/test-support.js';
import { runCli, stopCli, type CliProcess } from './cli-process.js';

const harness = createHarness();
const clis: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(clis.splice(0).map(stopCli));
  await harness.cleanup();
});

function join(port: number, nick: string): CliProcess {
  const cli = runCli(['join', `127.0.0.1:${port}`, '--name', nick]);
  clis.push(cli);
  return cli;
}

describe('sarangbang join: history', { timeout: 60_000 }, () => {
  it('prints the recent history marked as such after joining, then live lines unmarked', async () => {
    const { port } = await harness.startServer();
    const bob = await harness.join(port, 'bob');
    for (let i = 1; i <= 25; i++) await bob.say(`earlier ${i}`);
    const cli = join(port, 'atom');
    await cli.waitFor(/^Joined/);
    await bob.say('now');
    await cli.waitFor(/^\[bob\] now$/);
    cli.child.stdin.end();
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const lines = cli.stdout().split('\n');
    const joined = lines.findIndex((line) => line.startsWith('Joined'));
    // The terminal client asks for the last 20.
    expect(lines.slice(joined + 1, joined + 22)).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `(history) [bob] earlier ${i + 6}`),
      '[bob] now',
    ]);
  });

  it('gives back what came while away, with the count, after /wakeup', async () => {
    const { port } = await harness.startServer();
    const bob = await harness.join(port, 'bob');
    const cli = join(port, 'atom');
    await cli.waitFor(/^Joined/);
    const away = nextEvent(bob, 'status', (event) => event.nick === 'atom' && event.status === 'away');
    cli.write('/sleep');
    await away;
    for (const text of ['one', 'two', 'three', 'four']) await bob.say(text);
    cli.write('/wakeup');
    await cli.waitFor(/^\(history\) \[bob\] four$/);
    const lines = cli.stdout().split('\n');
    const back = lines.indexOf('You are back. 4 messages while you were away:');
    expect(back).toBeGreaterThan(0);
    expect(lines.slice(back + 1, back + 5)).toEqual([
      '(history) [bob] one',
      '(history) [bob] two',
      '(history) [bob] three',
      '(history) [bob] four',
    ]);
  });
});
