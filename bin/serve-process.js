// How a room's process starts, in one place for `npm run serve` (bin/serve-bundled.js) and the installed
// `sarangbang serve` (bin/sarangbang.js): V8 heap flags and glibc's allocator setting, both read only at startup,
// so the launcher replaces itself with a process started with them (process.execve, Node ≥ 23.11 on Linux and macOS:
// same pid, same signals, same output); elsewhere the room runs as it is (the npm script passes the flags itself).
//
// - --max-semi-space-size=4: a small V8 young generation (a busy room otherwise grows it to 64–128 MiB of RSS; 8 kept
//   ~4 MiB more after a join storm of 5,000 logins, with no gain in throughput or latency).
// - --heap-growing-percent=50: the old generation grows by half its live size between full collections, not up to
//   fourfold (after that storm the room otherwise keeps ~60 MiB more of heap pages).
// - MALLOC_ARENA_MAX=1: native allocations from all threads share one glibc arena instead of one per thread (the
//   main thread, libuv's pool, V8's helpers), ~7 MiB less after the storm; an explicit setting in the environment wins.
// Figures and the runs behind them: docs/PERFORMANCE.md ("Idle 5,000 on a quiet machine").
export const SERVE_HEAP_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=50'];
export const SERVE_ENV = { MALLOC_ARENA_MAX: '1' };

/** Heap flags given already, on the command line or in NODE_OPTIONS (the user's choice is kept). */
const heapFlagsGiven = () =>
  [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(' ')].some((flag) =>
    flag.startsWith('--max-semi-space-size'),
  );

/** True when this process was started with the room's settings already (so it must not replace itself again). */
function startedAsRoom() {
  return heapFlagsGiven() && Object.keys(SERVE_ENV).every((name) => process.env[name] !== undefined);
}

/**
 * Replaces this process with `node <room flags> <script> <args>` where Node can (it does not return then);
 * returns where it cannot, and the caller runs the room in this process.
 */
export function becomeRoomProcess(script, args) {
  if (typeof process.execve !== 'function' || process.platform === 'win32' || startedAsRoom()) return;
  process.execve(
    process.execPath,
    [process.execPath, ...(heapFlagsGiven() ? [] : SERVE_HEAP_FLAGS), ...process.execArgv, script, ...args],
    { ...SERVE_ENV, ...process.env },
  );
}
