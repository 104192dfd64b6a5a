/**
 * Marks a received file as coming from another computer, the way browsers mark downloads, so the OS checks it before
 * it runs: on Windows the `Zone.Identifier` alternate data stream with ZoneId=3 (Internet zone: SmartScreen and
 * Office's Protected View look at it), on macOS the `com.apple.quarantine` extended attribute (Gatekeeper), written
 * with /usr/bin/xattr. Linux has no such mark: nothing is done there. Marking never fails a transfer: a volume
 * without alternate streams or extended attributes (FAT, some shares) just leaves the file unmarked, with a warning.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

export const ZONE_IDENTIFIER_STREAM = ':Zone.Identifier';
export const ZONE_IDENTIFIER = '[ZoneTransfer]\r\nZoneId=3\r\n';
export const QUARANTINE_ATTRIBUTE = 'com.apple.quarantine';
export const XATTR = '/usr/bin/xattr';
/** 0081: "downloaded, not yet approved by the user" as browsers set it; then the time in hex seconds, the agent. */
export const QUARANTINE_AGENT = 'Sarangbang';

export interface MarkDeps {
  platform: NodeJS.Platform;
  writeFile(path: string, data: string): Promise<void>;
  execFile(file: string, args: readonly string[]): Promise<void>;
  now(): number;
  warn(message: string): void;
}

export const systemMarkDeps: MarkDeps = {
  platform: process.platform,
  writeFile: (path, data) => writeFile(path, data),
  execFile: (file, args) =>
    new Promise((resolve, reject) => {
      execFile(file, [...args], { timeout: 10_000, windowsHide: true }, (error) => (error ? reject(error) : resolve()));
    }),
  now: () => Date.now(),
  warn: (message) => console.warn(message),
};

export function quarantineValue(nowMs: number): string {
  return `0081;${Math.floor(nowMs / 1000).toString(16)};${QUARANTINE_AGENT};`;
}

/** Marks `path` as downloaded; returns whether a mark was written (false on Linux, or when the volume refused). */
export async function markDownloaded(path: string, deps: MarkDeps = systemMarkDeps): Promise<boolean> {
  try {
    if (deps.platform === 'win32') {
      await deps.writeFile(`${path}${ZONE_IDENTIFIER_STREAM}`, ZONE_IDENTIFIER);
      return true;
    }
    if (deps.platform === 'darwin') {
      await deps.execFile(XATTR, ['-w', QUARANTINE_ATTRIBUTE, quarantineValue(deps.now()), path]);
      return true;
    }
    return false;
  } catch (error) {
    deps.warn(`[transfer] could not mark ${path} as downloaded: ${(error as Error).message}`);
    return false;
  }
}
