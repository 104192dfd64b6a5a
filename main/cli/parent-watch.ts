/**
 * `npm run serve` is npm → sh → node. A signal to npm (or to sh) does not reach node: npm passes SIGINT and SIGTERM
 * on to the shell only, and the shell (dash on Debian) dies of SIGTERM but holds SIGINT until the command it waits
 * for has ended. That used to leave the room open behind a finished or interrupted `npm run`. Under `npm run` the
 * room therefore also closes, as if it had received SIGTERM, when
 * - its parent goes away (its parent process id changes: it was re-parented), or
 * - on Linux, its parent is a shell that was woken while it waits for us: a shell blocked in wait() for its only
 *   child wakes for nothing but a signal, and the one it survives is SIGINT (read from /proc/<ppid>/status). A check
 *   that runs late (this process was stopped, e.g. Ctrl+Z then `fg`, which wakes the shell too) only re-reads.
 * Not outside npm: `nohup sarangbang serve &` must outlive its shell. Windows has no sh (cmd.exe) and no /proc.
 */
import { readFileSync } from 'node:fs';

const CHECK_MS = 250;
/** A check this late means the whole process group was stopped and resumed: re-read rather than act. */
const LATE_MS = 1000;
const SHELLS = new Set(['sh', 'dash', 'bash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

/** How often the process `pid` was switched out so far, if it is a shell on Linux; undefined otherwise. */
export function shellWakeCount(pid: number): number | undefined {
  try {
    if (!SHELLS.has(readFileSync(`/proc/${pid}/comm`, 'latin1').trim())) return undefined;
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const voluntary = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(status);
    const forced = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status);
    return voluntary && forced ? Number(voluntary[1]) + Number(forced[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `gone` once if this process is run by `npm run <script>` and its parent exits or (a waiting shell) is
 * signalled. Returns a stop function.
 */
export function whenNpmParentExits(gone: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  if (env.npm_lifecycle_event === undefined) return () => undefined;
  const parent = process.ppid;
  let wakes = shellWakeCount(parent);
  let lastCheck = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const late = now - lastCheck > CHECK_MS + LATE_MS;
    lastCheck = now;
    if (process.ppid === parent) {
      const current = shellWakeCount(parent);
      if (late || wakes === undefined || current === undefined || current === wakes) {
        wakes = current;
        return;
      }
    }
    clearInterval(timer);
    gone();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
