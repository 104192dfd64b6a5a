/**
 * Which local paths the main process lets the app offer. A path is admitted without a question only when main
 * itself saw the user pick it: returned by its own file dialog, or dropped on the window and reported by the preload
 * (webUtils.getPathForFile) on the drop channel less than DROP_TTL_MS ago, once. Any other path (a renderer asking
 * for a file the user never chose) is shown in full in a native question, default "No", before it is registered.
 *
 * What this stops and what it cannot: page script (an injection through peer text, say) cannot reach ipcRenderer
 * (context isolation) and cannot make a File whose webUtils path is a disk path, so it can neither report a drop nor
 * call files.registerPaths; through the preload's API it only gets the question. A compromised renderer *process*
 * can send any IPC message, the drop channel included, so main cannot tell its forged drop from a real one (Electron
 * gives main no drop event of its own): against that, the drop record only narrows the window (one use, seconds).
 * The dialog's list and the question are what main fully controls.
 */
import { AppFailure } from '../main/app/app-error.js';
import type { HandlerTable } from '../main/app/dispatch.js';

export const DROP_TTL_MS = 10_000;
/** More unchosen paths than this at once are refused outright: a question must show every path in full. */
export const MAX_PATHS_PER_QUESTION = 10;
const MAX_REMEMBERED = 10_000;

export interface PathGateOptions {
  /** Asks the user whether to offer these paths (native dialog, default No); true to go ahead. */
  confirm(paths: readonly string[]): Promise<boolean>;
  now?: () => number;
}

export class PathGate {
  private readonly picked = new Set<string>();
  /** Dropped path → when its record expires. */
  private readonly dropped = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: PathGateOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Paths main's own file dialog returned. */
  rememberPicked(paths: readonly string[]): void {
    for (const path of paths) {
      this.picked.delete(path);
      this.picked.add(path);
    }
    for (const oldest of this.picked) {
      if (this.picked.size <= MAX_REMEMBERED) break;
      this.picked.delete(oldest);
    }
  }

  /** Paths the preload reported from a drop on our window (the caller checked the sender is trusted). */
  rememberDropped(paths: readonly string[]): void {
    const now = this.now();
    for (const [path, expires] of this.dropped) if (expires <= now) this.dropped.delete(path);
    for (const path of paths) this.dropped.set(path, now + DROP_TTL_MS);
  }

  /** Resolves when every path may be offered; throws `cancelled` when the user said no (or was never asked). */
  async admit(paths: readonly string[]): Promise<void> {
    const now = this.now();
    const unchosen: string[] = [];
    for (const path of paths) {
      const expires = this.dropped.get(path);
      if (expires !== undefined && expires > now) this.dropped.delete(path);
      else if (!this.picked.has(path)) unchosen.push(path);
    }
    if (unchosen.length === 0) return;
    if (unchosen.length > MAX_PATHS_PER_QUESTION)
      throw new AppFailure('cancelled', 'Those files were not chosen in Sarangbang. Choose them with “Send files”.');
    if (!(await this.options.confirm(unchosen))) throw new AppFailure('cancelled', 'The files were not offered.');
  }
}

/** The handler table with files.registerPaths behind the gate. */
export function gateRegisterPaths(handlers: HandlerTable, gate: PathGate): HandlerTable {
  const register = handlers['files.registerPaths'];
  return {
    ...handlers,
    'files.registerPaths': async (payload) => {
      await gate.admit(payload.paths);
      return register(payload);
    },
  };
}
