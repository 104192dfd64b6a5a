/**
 * One person in the end-to-end suite: their app (a Chromium page on a bridge profile, or an Electron instance) and
 * the few things a person does with the UI, found by role and accessible name in the person's language.
 */
import type { Locator, Page } from 'playwright-core';
import { en, type Dictionary } from '../../renderer/src/i18n/en.js';
import { ko } from '../../renderer/src/i18n/ko.js';
import type { PersonApp } from './person.js';

/** The generous default for UI states on a loaded 2-core machine. */
export const UI_TIMEOUT = 30_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name pattern from a dictionary template, e.g. t.messagePlaceholder → /^Message .*$/. */
function templatePattern(template: (value: string) => string): RegExp {
  const [before = '', after = ''] = template('\u0000').split('\u0000');
  return new RegExp(`^${escapeRegExp(before)}.*${escapeRegExp(after)}$`);
}

export class User {
  /** Uncaught page errors; tests assert there are none. */
  readonly pageErrors: string[] = [];
  readonly page: Page;
  /** The UI's words in this person's language (labels and names are looked up in it). */
  readonly t: Dictionary;

  constructor(
    readonly name: string,
    private readonly app: PersonApp,
    language: 'en' | 'ko',
  ) {
    this.page = app.page;
    this.t = language === 'ko' ? ko : en;
    this.page.setDefaultTimeout(UI_TIMEOUT);
    this.page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /** Where this person's accepted files land. */
  get downloadDir(): string {
    return this.app.downloadDir;
  }

  close(): Promise<void> {
    return this.app.close();
  }

  // ------------------------------------------------------------------------------------------------ screens

  async completeFirstRun(nick = this.name): Promise<void> {
    await this.page.getByRole('heading', { name: this.t.welcomeTitle }).waitFor();
    await this.page.getByLabel(this.t.nickname).fill(nick);
    await this.page.getByRole('button', { name: this.t.getStarted }).click();
    await this.page.getByRole('heading', { name: this.t.hostTitle }).waitFor();
  }

  /** Hosts from the home screen's form; the app joins its own room. */
  async hostRoom(port: number, roomName: string): Promise<void> {
    const form = this.page.getByRole('form', { name: this.t.hostTitle });
    await form.getByLabel(this.t.roomName).fill(roomName);
    await form.getByLabel(this.t.port).fill(String(port));
    await form.getByRole('button', { name: this.t.startHosting }).click();
    await this.roomLog.waitFor();
  }

  /** Electron only (undefined elsewhere): whether the room I host runs in its own utility process. */
  roomInItsOwnProcess(): Promise<boolean> | undefined {
    return this.app.roomInItsOwnProcess?.();
  }

  async joinRoom(port: number, host = '127.0.0.1'): Promise<void> {
    const form = this.page.getByRole('form', { name: this.t.joinTitle });
    await form.getByLabel(this.t.hostAddress).fill(`${host}:${port}`);
    await form.getByRole('button', { name: this.t.join, exact: true }).click();
    await this.roomLog.waitFor();
  }

  /** Leave room, confirmed in its dialog; back on the home screen. */
  async leaveRoom(): Promise<void> {
    await this.page.getByRole('button', { name: this.t.leaveRoom }).click();
    await this.dialog(this.t.leaveConfirmTitle).getByRole('button', { name: this.t.leave, exact: true }).click();
    await this.page.getByRole('heading', { name: this.t.joinTitle }).waitFor();
  }

  // ------------------------------------------------------------------------------------------------ room

  get roomLog(): Locator {
    return this.page.getByRole('log', { name: this.t.messages });
  }

  get roomComposer(): Locator {
    const dm = templatePattern(this.t.dmPlaceholder).source.slice(1);
    const room = templatePattern(this.t.messagePlaceholder).source.slice(1);
    return this.page.getByRole('textbox', { name: new RegExp(`^(?!${dm})${room}`) });
  }

  dmLog(peer: string): Locator {
    return this.page.getByRole('log', { name: this.t.dmTitle(peer) });
  }

  get dmComposer(): Locator {
    return this.page.getByRole('textbox', { name: templatePattern(this.t.dmPlaceholder) });
  }

  /** A person's row in the user list ("nick — status", e.g. "bob — Away"). */
  person(nick: string, status?: string): Locator {
    return this.page.getByRole('listitem', {
      name: new RegExp(`^${escapeRegExp(nick)} — ${status ? escapeRegExp(status) : ''}`),
    });
  }

  /** A per-person action button in the user list ("Whisper: bob", "Ask for a 1:1: bob", "Send files: bob"). */
  personAction(nick: string, action: 'whisper' | 'askDm' | 'sendFiles'): Locator {
    return this.page.getByRole('button', { name: `${this.t[action]}: ${nick}`, exact: true });
  }

  /** An alert dialog (consent requests, confirmations) by its title. */
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

  /**
   * Drops files from disk onto a person in the user list, the way the OS would: a DataTransfer carrying Files that
   * are backed by the files on disk (set through a file input, as Chromium does for a real drop), so Electron's
   * preload can ask `webUtils` for their paths exactly as for a drop from the file manager.
   */
  async dropFilesOn(nick: string, paths: string[]): Promise<void> {
    await this.dropFiles(this.person(nick), paths);
  }

  /** Drops files on the room's conversation: they are offered to everyone in the room. */
  async dropFilesOnRoom(paths: string[]): Promise<void> {
    await this.dropFiles(this.roomLog, paths);
  }

  /** Drops files from disk on `target`, the way the OS would (see dropFilesOn). */
  async dropFiles(target: Locator, paths: string[]): Promise<void> {
    await target.waitFor();
    const pickerId = `e2e-drop-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await this.page.evaluate((id) => {
      type Input = { type: string; multiple: boolean; id: string; hidden: boolean };
      const doc = (
        globalThis as unknown as {
          document: { createElement(tag: 'input'): Input; body: { append(node: Input): void } };
        }
      ).document;
      const input = doc.createElement('input');
      Object.assign(input, { type: 'file', multiple: true, id, hidden: true });
      doc.body.append(input);
    }, pickerId);
    const picker = this.page.locator(`#${pickerId}`);
    try {
      await picker.setInputFiles(paths);
      const dataTransfer = await picker.evaluateHandle((input) => {
        const page = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): unknown } } };
        const transfer = new page.DataTransfer();
        for (const file of Array.from((input as unknown as { files: ArrayLike<unknown> }).files))
          transfer.items.add(file);
        return transfer;
      });
      try {
        for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
      } finally {
        await dataTransfer.dispose();
      }
    } finally {
      await picker.evaluate((input) => input.remove());
    }
  }

  /** The next native "choose files" dialog of this person's app answers these paths. */
  queueFilePick(paths: string[]): Promise<void> {
    return this.app.queueFilePick(paths);
  }

  revealedFiles(): Promise<string[]> {
    return this.app.revealedFiles();
  }

  async openTransfers(): Promise<Locator> {
    const panel = this.page.getByRole('region', { name: this.t.transfers });
    if (!(await panel.isVisible()))
      await this.page.getByRole('button', { name: this.t.transfers, exact: true }).click();
    await panel.waitFor();
    return panel;
  }

  /** A transfer in the transfers panel ("name — state"). */
  transfer(name: string, state?: string): Locator {
    return this.page.getByRole('listitem', {
      name: new RegExp(`^${escapeRegExp(name)} — ${state ? escapeRegExp(state) : ''}`),
    });
  }
}
