/**
 * What a scenario needs from "one person's app", whichever way it runs: a page to drive, the download folder, the
 * native file dialog answered with chosen paths, and the files revealed with "Show in folder".
 */
import type { Page } from 'playwright-core';

export interface PersonOptions {
  language?: 'en' | 'ko';
  theme?: 'system' | 'light' | 'dark';
  /** Set the nickname before the page loads (skips the first-run screen). */
  nickname?: string;
  viewport?: { width: number; height: number };
  /** Browser mode: runs on the new page before it loads the app (e.g. to route its bridge WebSocket). */
  beforeLoad?: (page: Page) => Promise<void>;
}

export interface PersonApp {
  readonly page: Page;
  /** Where this person's accepted files land. */
  readonly downloadDir: string;
  /** The next native "choose files" dialog answers these paths. */
  queueFilePick(paths: string[]): Promise<void>;
  /** Paths shown with "Show in folder" so far. */
  revealedFiles(): Promise<string[]>;
  /** Electron only: whether a room hosted by this app runs in its own utility process ("Sarangbang room"). */
  roomInItsOwnProcess?(): Promise<boolean>;
  close(): Promise<void>;
}

export function settingsPatch(options: PersonOptions): Record<string, string> {
  return {
    ...(options.language ? { language: options.language } : {}),
    ...(options.theme ? { theme: options.theme } : {}),
    ...(options.nickname ? { nickname: options.nickname } : {}),
  };
}

/** `SARANGBANG_E2E_DRIVER=electron` (set by `npm run e2e:electron`) runs the scenarios in the real Electron app. */
export const ELECTRON_DRIVER = process.env.SARANGBANG_E2E_DRIVER === 'electron';
