/**
 * `npm run serve` is npm → sh → node. A signal to npm (or to sh) ends the shell without passing it on (dash does not
 * forward signals to the command it waits for), which used to leave the room open behind a finished `npm run`.
 * Under `npm run` the room therefore also closes when its parent goes away (its parent process id changes: it was
 * re-parented), as if it had received SIGTERM. Not outside npm: `nohup sarangbang serve &` must outlive its shell.
 */

const CHECK_MS = 250;

/** Calls `gone` once if this process is run by `npm run <script>` and its parent exits. Returns a stop function. */
export function whenNpmParentExits(gone: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  if (env.npm_lifecycle_event === undefined) return () => undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
