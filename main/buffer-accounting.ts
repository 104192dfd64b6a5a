/**
 * Every process we start (the desktop app's main process and its room process, the `sarangbang` command, the
 * host's relay child) asks V8 to count what live buffers hold towards the heap's limit, instead of every byte ever
 * allocated in buffers.
 *
 * Why: moving a file allocates a fresh buffer per record (`node:crypto` has no way to decrypt or encrypt into a
 * buffer of ours; socket reads and file reads make their own). V8 before 14.8 starts a full mark-compact of the
 * whole heap for every ~64 MiB allocated in buffers, dead or alive (bench:transfer's receiver: 39–40 per GiB),
 * although those buffers are garbage at once. V8 14.8 made this accounting the default and removed the flag; Node 24
 * runs V8 13.6 and Electron 45 V8 14.0, so our processes ask for it (a newer V8 would refuse the flag on the command
 * line, and warn about it here, so it is set only below 14.8). Figures: docs/PERFORMANCE.md ("Buffers counted by
 * what they hold").
 */
import v8 from 'node:v8';

export const BUFFER_ACCOUNTING_FLAG = '--external-memory-accounted-in-global-limit';

/** True when V8 `version` (process.versions.v8, e.g. "13.6.233.17-node.44") predates 14.8, which does it by itself. */
export function needsBufferAccountingFlag(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major < 14 || (major === 14 && minor < 8);
}

/** Sets the flag where this V8 needs it; call first thing in a process, before it moves any file bytes. */
export function accountBuffersByWhatTheyHold(
  version = process.versions.v8,
  setFlags: (flags: string) => void = v8.setFlagsFromString,
): boolean {
  if (!needsBufferAccountingFlag(version)) return false;
  setFlags(BUFFER_ACCOUNTING_FLAG);
  return true;
}
