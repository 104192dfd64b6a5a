/**
 * Moving through a page the way a keyboard user does: Tab until an element has focus (failing when it is not in the
 * tab order), and where focus is now (an element, or inside a region such as a dialog).
 */
import type { Locator, Page } from 'playwright-core';

/** Presses Tab until `target` has focus; fails after `max` presses (it is not reachable by keyboard). */
export async function tabTo(page: Page, target: Locator, max = 60): Promise<number> {
  await target.waitFor();
  for (let presses = 0; presses <= max; presses++) {
    if (await hasFocus(target)) return presses;
    await page.keyboard.press('Tab');
  }
  throw new Error(
    `Tab never reached ${target.toString()} in ${max} presses (focus is on ${await describeFocus(page)})`,
  );
}

/** Whether the element itself has focus. */
export function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === element.ownerDocument.activeElement);
}

/** Whether focus is on the element or anything inside it. */
export function focusWithin(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element.contains(element.ownerDocument.activeElement));
}

/** "tag[role] "name"" of the focused element, for failure messages. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    type Focused = { tagName: string; textContent: string | null; getAttribute(name: string): string | null };
    const active = (globalThis as unknown as { document: { activeElement: Focused | null } }).document.activeElement;
    if (!active) return 'nothing';
    const label = active.getAttribute('aria-label') ?? active.textContent?.trim().slice(0, 40) ?? '';
    return `${active.tagName.toLowerCase()}${active.getAttribute('role') ? `[${active.getAttribute('role')}]` : ''} "${label}"`;
  });
}
