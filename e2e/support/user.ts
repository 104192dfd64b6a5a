/**
 * One person in the end-to-end suite: a Chromium page on their own bridge profile, and the few things a person does
 * with the UI, found by role and accessible name (English UI unless the test asks otherwise).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { BrowserProfile } from '../../main/app/browser-bridge.js';
import type { Harness } from './harness.js';

export interface UserOptions {
  language?: 'en' | 'ko';
  theme?: 'system' | 'light' | 'dark';
  /** Set the nickname before the page loads (skips the first-run screen). */
  nickname?: string;
  viewport?: { width: number; height: number };
}

/** The generous default for UI states on a loaded 2-core machine. */
export const UI_TIMEOUT = 30_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class User {
  /** Uncaught page errors; tests assert there are none. */
  readonly pageErrors: string[] = [];

  private constructor(
    readonly name: string,
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly profile: BrowserProfile,
  ) {
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  static async open(world: Harness, name: string, options: UserOptions = {}): Promise<User> {
    const profile = await world.app.profile(name);
    const patch = {
      ...(options.language ? { language: options.language } : {}),
      ...(options.theme ? { theme: options.theme } : {}),
      ...(options.nickname ? { nickname: options.nickname } : {}),
    };
    if (Object.keys(patch).length > 0) await profile.app.settings.update(patch);
    const context = await world.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: options.language === 'ko' ? 'ko-KR' : 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const user = new User(name, page, context, profile);
    await page.goto(world.app.urlFor(name));
    return user;
  }

  /** Where this person's accepted files land. */
  get downloadDir(): string {
    return this.profile.app.settings.get().downloadDir;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  // ------------------------------------------------------------------------------------------------ screens

  async completeFirstRun(nick = this.name): Promise<void> {
    await this.page.getByRole('heading', { name: 'Welcome to Sarangbang' }).waitFor();
    await this.page.getByLabel('Nickname').fill(nick);
    await this.page.getByRole('button', { name: 'Get started' }).click();
    await this.page.getByRole('heading', { name: 'Host a room' }).waitFor();
  }

  /** Hosts from the home screen's form; the app joins its own room. */
  async hostRoom(port: number, roomName: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Host a room' });
    await form.getByLabel('Room name').fill(roomName);
    await form.getByLabel('Port').fill(String(port));
    await form.getByRole('button', { name: 'Start hosting' }).click();
    await this.roomLog.waitFor();
  }

  async joinRoom(port: number, host = '127.0.0.1'): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Join a room' });
    await form.getByLabel('Host address').fill(`${host}:${port}`);
    await form.getByRole('button', { name: 'Join' }).click();
    await this.roomLog.waitFor();
  }

  // ------------------------------------------------------------------------------------------------ room

  get roomLog(): Locator {
    return this.page.getByRole('log', { name: 'Messages' });
  }

  get roomComposer(): Locator {
    return this.page.getByRole('textbox', { name: /^Message (?!.* privately$)/ });
  }

  dmLog(peer: string): Locator {
    return this.page.getByRole('log', { name: `1:1 with ${peer}` });
  }

  get dmComposer(): Locator {
    return this.page.getByRole('textbox', { name: / privately$/ });
  }

  /** A person's row in the user list ("nick — status"). */
  person(nick: string, status?: 'Active' | 'Away' | 'In a 1:1'): Locator {
    return this.page.getByRole('listitem', { name: new RegExp(`^${escapeRegExp(nick)} — ${status ? escapeRegExp(status) : ''}`) });
  }

  /** A per-person action button in the user list: 'Whisper', 'Ask for a 1:1' or 'Send files'. */
  personAction(nick: string, action: 'Whisper' | 'Ask for a 1:1' | 'Send files'): Locator {
    return this.page.getByRole('button', { name: `${action}: ${nick}`, exact: true });
  }

  dialog(name: string): Locator {
    return this.page.getByRole('alertdialog', { name });
  }

  /** Types into a composer and presses Enter, like a person. */
  async send(text: string, composer: Locator = this.roomComposer): Promise<void> {
    await composer.fill(text);
    await composer.press('Enter');
  }

  /** Waits until `text` shows in a log (the room by default). */
  async sees(text: string | RegExp, where: Locator = this.roomLog): Promise<Locator> {
    const found = where.getByText(text).last();
    await found.waitFor();
    return found;
  }

  // ------------------------------------------------------------------------------------------------ files

  /** Drops files from disk onto a person in the user list, the way the OS would (a DataTransfer carrying Files). */
  async dropFilesOn(nick: string, paths: string[]): Promise<void> {
    const files = await Promise.all(paths.map(async (path) => ({ name: basename(path), base64: (await readFile(path)).toString('base64') })));
    const target = this.person(nick);
    await target.waitFor();
    const dataTransfer = await this.page.evaluateHandle((list) => {
      type PageFile = unknown;
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: PageFile): unknown } };
        File: new (parts: Uint8Array[], name: string) => PageFile;
        atob(text: string): string;
      };
      const transfer = new page.DataTransfer();
      for (const { name, base64 } of list) {
        const text = page.atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        transfer.items.add(new page.File([bytes], name));
      }
      return transfer;
    }, files);
    try {
      for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
    } finally {
      await dataTransfer.dispose();
    }
  }

  /** The next native "choose files" dialog of this person's app answers these paths (browser-mode platform). */
  queueFilePick(paths: string[]): void {
    this.profile.platform.dialogs.queueFiles(paths);
  }

  async openTransfers(): Promise<Locator> {
    const panel = this.page.getByRole('region', { name: 'Transfers' });
    if (!(await panel.isVisible())) await this.page.getByRole('button', { name: 'Transfers', exact: true }).click();
    await panel.waitFor();
    return panel;
  }

  /** A transfer in the transfers panel ("name — state"). */
  transfer(name: string, state?: string): Locator {
    return this.page.getByRole('listitem', { name: new RegExp(`^${escapeRegExp(name)} — ${state ? escapeRegExp(state) : ''}`) });
  }
}
