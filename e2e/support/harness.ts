/**
 * One end-to-end world: the browser-mode bridge over the built renderer (each user is a bridge profile, so each page
 * is its own app with its own settings, session and downloads), one Chromium, and temp dirs; or, with
 * SARANGBANG_E2E_DRIVER=electron, one Electron app per user. `close()` tears it all down and is safe to call after a
 * failure half-way through setup.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../main/app/browser/browser-bridge.js';
import type { RoomFinder } from '../../main/app/room-finder.js';
import type { SessionOptions } from '../../main/client/session-types.js';
import { openBrowserPerson } from './browser-person.js';
import { launchChromium } from './chromium.js';
import { openElectronPerson } from './electron-person.js';
import { ELECTRON_DRIVER, type PersonOptions } from './person.js';
import { RENDERER_OUT } from './renderer-build.js';
import { User } from './user.js';

export interface Harness {
  /** Scratch space of this world (profiles live in `tmp/profiles`). */
  readonly tmp: string;
  /** Opens a person's app; `profileName` is letters, digits, - or _ (the nickname may be anything). */
  user(profileName: string, options?: PersonOptions): Promise<User>;
  /**
   * Quits a person's app and starts it again on the same profile (settings, conversation store): in browser mode
   * the profile's app is stopped and a new page opens it anew; with Electron, the app is closed and launched again.
   */
  restart(user: User, options?: PersonOptions): Promise<User>;
  /** Runs at close, before the browser and bridge stop (e.g. a test-owned server). */
  onClose(cleanup: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/** Fast reconnects keep the reconnect scenario short; everything else is the app's defaults. */
export const E2E_SESSION_OPTIONS: Partial<SessionOptions> = { reconnect: { initialDelayMs: 200, maxDelayMs: 1_000 } };

export async function startHarness(
  options: { sessionOptions?: Partial<SessionOptions>; finder?: RoomFinder } = {},
): Promise<Harness> {
  const tmp = await mkdtemp(join(tmpdir(), 'sarangbang-e2e-'));
  const cleanups: (() => Promise<void> | void)[] = [];
  const users: User[] = [];
  let app: BrowserApp | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    const errors: unknown[] = [];
    const attempt = async (step: () => Promise<unknown> | unknown): Promise<void> => {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    };
    for (const cleanup of cleanups.splice(0).reverse()) await attempt(cleanup);
    for (const user of users.splice(0)) await attempt(() => user.close());
    if (browser) await attempt(() => browser?.close());
    if (app) await attempt(() => app?.close());
    await attempt(() => rm(tmp, { recursive: true, force: true, maxRetries: 3 }));
    if (errors.length > 0) throw new AggregateError(errors, 'e2e cleanup failed');
  };
  try {
    if (!ELECTRON_DRIVER)
      app = await startBrowserApp({
        rendererDir: RENDERER_OUT,
        profileDir: join(tmp, 'profiles'),
        hostListenAddress: '127.0.0.1',
        version: '0.0.0-e2e',
        sessionOptions: options.sessionOptions ?? E2E_SESSION_OPTIONS,
        ...(options.finder ? { finder: options.finder } : {}),
      });
    if (!ELECTRON_DRIVER) browser = await launchChromium();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const world: Harness = {
    tmp,
    async user(profileName, personOptions = {}) {
      const person =
        app && browser
          ? await openBrowserPerson(app, browser, profileName, personOptions)
          : await openElectronPerson(tmp, profileName, personOptions);
      const user = new User(profileName, person, personOptions.language ?? 'en');
      users.push(user);
      return user;
    },
    async restart(user, personOptions = {}) {
      users.splice(users.indexOf(user), 1);
      await user.close();
      await app?.stopProfile(user.name);
      return world.user(user.name, { nickname: user.name, ...personOptions });
    },
    onClose: (cleanup) => void cleanups.push(cleanup),
    close,
  };
  return world;
}
