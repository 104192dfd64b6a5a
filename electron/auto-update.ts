/**
 * Auto-update from GitHub releases: electron-updater reads the latest*.yml files that electron-builder's `publish`
 * config attaches to each release. Only an installed app checks; never a development run, never headless `--serve`
 * (a room server must not restart itself), never with SARANGBANG_NO_UPDATE=1. A failed check or download (offline,
 * no release yet, an unsigned macOS build) is logged and never reaches the user.
 */
import { serveArguments } from './headless-serve.js';

/** What the check needs from Electron's `app`. */
export interface UpdateApp {
  readonly isPackaged: boolean;
}

/** The part of electron-updater's `autoUpdater` we use. */
export interface Updater {
  checkForUpdatesAndNotify(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
}

export interface AutoUpdateContext {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  log?: (message: string, error: unknown) => void;
}

/** Why this run does not look for updates, or undefined when it should. */
export function updateSkipReason(app: UpdateApp, { argv, env }: AutoUpdateContext): string | undefined {
  if (!app.isPackaged) return 'not an installed app';
  if (serveArguments(argv)) return 'headless --serve';
  const optOut = env['SARANGBANG_NO_UPDATE'];
  if (optOut !== undefined && optOut !== '' && optOut !== '0') return 'SARANGBANG_NO_UPDATE is set';
  return undefined;
}

/**
 * Checks once and lets electron-updater download in the background and notify when the update is ready (installed
 * on quit). `updater` is a getter so electron-updater only creates its platform updater when a check really happens.
 * Resolves true when a check was started; never rejects.
 */
export async function checkForUpdates(
  app: UpdateApp,
  updater: () => Updater,
  context: AutoUpdateContext,
): Promise<boolean> {
  if (updateSkipReason(app, context) !== undefined) return false;
  const log = context.log ?? ((message, error) => console.warn(`[update] ${message}:`, error));
  try {
    const result = await updater().checkForUpdatesAndNotify();
    // The background download rejects on its own when it fails; without a handler that is an unhandled rejection.
    result?.downloadPromise?.catch((error: unknown) => log('could not download the update', error));
  } catch (error) {
    log('could not check for updates', error);
  }
  return true;
}
