/**
 * "Long messages vanish" (issue 12), end to end in Chromium against a real host: 20,000 characters pasted into the
 * composer stay there, Enter does not send them, and "Split into N messages" delivers every part in order: the
 * other person's log holds the whole text, nothing lost, nothing repeated.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hostedRoom, inWorld } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

/** 20,000 characters of what people paste: lines of Korean, English and emoji, and one long line without spaces. */
function longText(): string {
  const lines: string[] = [];
  for (let i = 1; lines.join('\n').length < 17_000; i++)
    lines.push(`${i}. 사랑방에서 긴 메시지를 보냅니다 — a long pasted line number ${i} 🙂`);
  lines.push('x'.repeat(1_500));
  const text = lines.join('\n');
  return (text + '\n' + '끝'.repeat(20_000)).slice(0, 20_000);
}

/** Every message from `from` in a room log, in order: the list is virtualized, so it is read while scrolling. */
async function messagesIn(page: Page, logName: string): Promise<string[]> {
  const script = `(async () => {
    const log = document.querySelector('[role="log"][aria-label=${JSON.stringify(logName)}]');
    const seen = new Map();
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (let top = 0; ; top += log.clientHeight / 2) {
      log.scrollTop = top;
      await frame();
      for (const row of log.querySelectorAll('[data-index]')) {
        const body = row.querySelector('[data-kind="msg"] .whitespace-pre-wrap');
        if (body) seen.set(Number(row.dataset.index), body.textContent);
      }
      if (top >= log.scrollHeight) break;
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
  })()`;
  return (await page.evaluate(script)) as string[];
}

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

describe.skipIf(E2E_SKIPPED)('long messages in Chromium', () => {
  it('20,000 characters: kept in the composer, split, and seen whole and in order by the other person', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      const text = longText();
      expect(text).toHaveLength(20_000);

      await alice.roomComposer.fill(text);
      await alice.page
        .locator('p[data-state=over]')
        .getByText(/^[\d,]+ bytes over the limit$/)
        .waitFor();
      await alice.roomComposer.press('Enter');
      expect(await alice.roomComposer.inputValue()).toBe(text);

      const split = alice.page.getByRole('button', { name: /^Split into \d+ messages$/ });
      const parts = Number(/\d+/.exec((await split.textContent()) ?? '')?.[0]);
      expect(parts).toBeGreaterThan(5);
      await split.click();
      await expect.poll(() => alice.roomComposer.inputValue(), { timeout: 30_000 }).toBe('');

      await bob.sees('끝'.repeat(20));
      await expect
        .poll(async () => (await messagesIn(bob.page, bob.t.messages)).length, { timeout: 30_000 })
        .toBe(parts);
      const received = await messagesIn(bob.page, bob.t.messages);
      expect(received.join('')).toBe(text);
      expect(await alice.roomLog.locator('[role="alert"]').count()).toBe(0);
      noPageErrors(alice, bob);
    });
  });
});
