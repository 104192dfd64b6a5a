/**
 * The conversation follows new messages, in Chromium against a real room server: a reader at the bottom stays there
 * while hundreds of messages arrive (never offered "Jump to latest", the newest row on screen), a reader who
 * scrolled up keeps the row they are reading where it is while more arrive (and is offered the jump, with the count),
 * and the jump brings them back to following.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createClientSession, type ClientSession } from '../main/client/session.js';
import { createRoomServer, type RoomServer } from '../main/gateway/server.js';
import { inWorld } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';

const line = (i: number): string =>
  `follow ${i}: 사랑방 ${i % 7 === 0 ? 'a longer line that may wrap '.repeat(6) : ''}`;

/** Sends messages `from`..`to` with several in flight, as a busy room would. */
async function say(session: ClientSession, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) await session.say(line(next++));
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await session.say(line(to));
}

/** Where the log's view is: distance from the bottom, scroll position, and the text of the row at the top. */
function view(page: Page, logName: string) {
  return page.evaluate((name) => {
    const log = document.querySelector<HTMLElement>(`[role="log"][aria-label="${name}"]`)!;
    const box = log.getBoundingClientRect();
    const rows = [...log.querySelectorAll<HTMLElement>('[data-index]')];
    const top = rows.find((row) => row.getBoundingClientRect().bottom > box.top + 1);
    const last = rows.at(-1);
    return {
      fromBottom: log.scrollHeight - log.scrollTop - log.clientHeight,
      scrollTop: log.scrollTop,
      topRow: top?.textContent ?? '',
      topRowAt: top ? top.getBoundingClientRect().top - box.top : NaN,
      lastRowText: last?.textContent ?? '',
      lastRowVisible: last ? last.getBoundingClientRect().bottom <= box.bottom + 1 : false,
    };
  }, logName);
}

let server: RoomServer | undefined;
let flooder: ClientSession | undefined;
afterEach(async () => {
  await flooder?.close().catch(() => undefined);
  await server?.close();
  flooder = server = undefined;
});

describe.skipIf(E2E_SKIPPED)('the conversation follows new messages', () => {
  it('stays at the bottom while messages pour in; a reader who scrolled up is not moved; the jump follows again', async () => {
    server = createRoomServer({ rateLimit: 'off' });
    const { port } = await server.listen(0, '127.0.0.1');
    await inWorld(async (world) => {
      const bob = await world.user('bob', { nickname: 'bob' });
      await bob.joinRoom(port);
      flooder = createClientSession({ host: '127.0.0.1', port, nick: 'flood', reconnect: false, rttIntervalMs: 0 });
      await flooder.connect();
      await bob.person('flood').waitFor();
      const jump = bob.page.getByRole('button', { name: new RegExp(`^${bob.t.jumpToLatest}`) });
      // Whether the list ever thought the reader had left the bottom while the messages arrived.
      await bob.page.evaluate((label) => {
        const w = window as unknown as { __jumpShown: boolean };
        w.__jumpShown = false;
        new MutationObserver(() => {
          if ([...document.querySelectorAll('button')].some((b) => b.textContent?.startsWith(label)))
            w.__jumpShown = true;
        }).observe(document.body, { childList: true, subtree: true });
      }, bob.t.jumpToLatest);

      await say(flooder, 1, 800);
      await bob.sees('follow 800:');
      await expect.poll(async () => (await view(bob.page, bob.t.messages)).fromBottom).toBeLessThan(2);
      const following = await view(bob.page, bob.t.messages);
      expect(following.lastRowText).toContain('follow 800:');
      expect(following.lastRowVisible).toBe(true);
      expect(await bob.page.evaluate(() => (window as unknown as { __jumpShown: boolean }).__jumpShown)).toBe(false);

      // The reader scrolls up to read: more messages must not move what they read.
      await bob.roomLog.evaluate((log) => (log.scrollTop = log.scrollHeight / 2));
      await jump.waitFor();
      await bob.page.waitForTimeout(300);
      const reading = await view(bob.page, bob.t.messages);
      await say(flooder, 801, 1_100);
      await bob.page.getByRole('button', { name: bob.t.jumpToLatestNew('300') }).waitFor();
      const after = await view(bob.page, bob.t.messages);
      expect(after.topRow).toBe(reading.topRow);
      expect(Math.abs(after.topRowAt - reading.topRowAt)).toBeLessThan(1);
      expect(Math.abs(after.scrollTop - reading.scrollTop)).toBeLessThan(1);

      // The jump brings the newest on screen and the list follows again.
      await jump.click();
      await jump.waitFor({ state: 'hidden' });
      await say(flooder, 1_101, 1_400);
      await bob.sees('follow 1400:');
      await expect.poll(async () => (await view(bob.page, bob.t.messages)).fromBottom).toBeLessThan(2);
      const back = await view(bob.page, bob.t.messages);
      expect(back.lastRowText).toContain('follow 1400:');
      expect(back.lastRowVisible).toBe(true);
      expect(await jump.count()).toBe(0);
      expect(bob.pageErrors).toEqual([]);
    });
  });
});
