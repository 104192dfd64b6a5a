import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../client/test-helpers.js';
import { runJoin } from './join.js';

const harness = createHarness();
afterEach(() => harness.cleanup());

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

describe('sarangbang join on a terminal', () => {
  it('shows the atom> prompt, prints incoming lines above it keeping the typed text, and /exit leaves', async () => {
    const { port } = await harness.startServer();
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let shown = '';
    output.setEncoding('utf8').on('data', (chunk: string) => { shown += chunk; });
    const until = async (predicate: () => boolean): Promise<void> => {
      while (!predicate()) await new Promise((resolve) => output.once('data', resolve));
    };

    const exit = runJoin({ host: '127.0.0.1', port, nick: 'atom', reconnect: false, downloadDir: tmpdir() }, { input, output, errors, tty: true });
    await until(() => plain(shown).includes('Type /help for commands.'));
    await until(() => plain(shown).endsWith('atom> '));

    const bob = await harness.join(port, 'bob');
    input.write('half-typ');
    await until(() => shown.endsWith('half-typ'));
    await bob.say('hi atom');
    await until(() => plain(shown).includes('[bob] hi atom\natom> half-typ'));

    input.write('\r/sleep\r');
    await until(() => plain(shown).includes('atom (away)> '));
    input.write('/exit\r');
    expect(await exit).toBe(0);
  });
});
