/**
 * Nothing typed is lost, end to end in Chromium against real hosts: messages typed while the host is down (killed,
 * not closed) show as sending and are delivered exactly once after it restarts; a message the room refuses shows
 * failed with Retry and Delete.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoomServer } from '../main/gateway/server.js';
import { freePort } from '../main/free-port.js';
import { inWorld } from './support/room.js';
import { ROOT } from './support/renderer-build.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

/** `sarangbang serve` in its own process (so it can be killed), with a fixed identity: a restart is the same room. */
async function serve(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    // tsx as a loader, not its CLI: the CLI runs the program in a child process that a kill would leave running.
    [
      '--import',
      'tsx',
      join(ROOT, 'main/cli/index.ts'),
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--name',
      'Killed room',
      '--identity',
      join(dir, 'host-identity.json'),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SARANGBANG_CONFIG_DIR: join(dir, 'config') },
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!out.includes('is open on port')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sarangbang serve did not open the room:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(E2E_SKIPPED)('the outbox in Chromium', () => {
  it('kill the host, type, restart: delivered exactly once', async () => {
    await inWorld(async (world) => {
      const port = await freePort();
      let host = await serve(port, world.tmp);
      world.onClose(() => kill(host));
      const alice = await world.user('alice', { nickname: 'alice' });
      const bob = await world.user('bob', { nickname: 'bob' });
      await alice.joinRoom(port);
      await bob.joinRoom(port);
      await alice.person('bob').waitFor();
      await alice.send('before the crash');
      await bob.sees('before the crash');

      await kill(host);
      for (const user of [alice, bob]) await user.page.getByText(/Connection lost\. Reconnecting/).waitFor();
      await alice.page.getByText(alice.t.composerQueued).waitFor();
      const typed = ['typed while the host was down', 'and a second one'];
      for (const text of typed) {
        await alice.send(text);
        await expect.poll(() => alice.roomComposer.inputValue()).toBe('');
      }
      const pending = alice.roomLog.locator('[data-pending="sending"]');
      await expect.poll(() => pending.count()).toBe(2);
      await expect.poll(() => pending.getByText(alice.t.outboxSending).count()).toBe(2);
      expect(await pending.allInnerTexts()).toEqual([
        expect.stringContaining(typed[0]!),
        expect.stringContaining(typed[1]!),
      ]);

      host = await serve(port, world.tmp);
      for (const user of [alice, bob]) await user.sees('Reconnected to the room.');
      for (const text of typed) await bob.sees(text);
      // Anything sent twice would arrive before this line.
      await alice.send('after the restart');
      await bob.sees('after the restart');
      // Bob may see it before alice's own copy comes back from the host: wait until nothing of hers is pending.
      await expect.poll(() => alice.roomLog.locator('[data-pending]').count()).toBe(0);
      await alice.sees('after the restart');
      for (const text of [...typed, 'after the restart']) {
        expect(await bob.roomLog.getByText(text, { exact: true }).count(), `bob sees "${text}"`).toBe(1);
        expect(await alice.roomLog.getByText(text, { exact: true }).count(), `alice sees "${text}"`).toBe(1);
      }
      const order = await bob.roomLog.getByText(/^(typed while the host was down|and a second one)$/).allInnerTexts();
      expect(order).toEqual(typed);
      expect(await alice.roomLog.getByText(alice.t.outboxSending).count()).toBe(0);
      noPageErrors(alice, bob);
    });
  });

  it('a message the room refuses shows failed with Retry and Delete; Delete removes it', async () => {
    await inWorld(async (world) => {
      const server = createRoomServer({ roomName: 'Strict room', bannedWords: ['kumquat'] });
      world.onClose(() => server.close());
      const { port } = await server.listen(0, '127.0.0.1');
      const alice = await world.user('alice', { nickname: 'alice' });
      await alice.joinRoom(port);

      await alice.send('I love kumquat pie');
      await expect.poll(() => alice.roomComposer.inputValue()).toBe('');
      const failed = alice.roomLog.locator('[data-pending="failed"]');
      await failed.getByText(alice.t.err_banned_word, { exact: false }).waitFor();
      await failed.getByText('I love kumquat pie').waitFor();
      const retry = alice.page.getByRole('button', { name: alice.t.outboxRetry('I love kumquat pie') });
      const remove = alice.page.getByRole('button', { name: alice.t.outboxDelete('I love kumquat pie') });

      // Retry: refused again, still there, still failed.
      await retry.focus();
      await alice.page.keyboard.press('Enter');
      await failed.getByText(alice.t.err_banned_word, { exact: false }).waitFor();
      await remove.click();
      await failed.waitFor({ state: 'detached' });
      expect(await alice.roomLog.getByText('I love kumquat pie').count()).toBe(0);

      await alice.send('a fine message');
      await alice.sees('a fine message');
      // Shown at once as sending; posted once the room's copy comes back.
      await expect.poll(() => alice.roomLog.locator('[data-pending]').count()).toBe(0);
      noPageErrors(alice);
    });
  });
});
