/**
 * Turns a file name offered by a peer into a safe base name for the download folder, and picks a free final name.
 * The offered name is untrusted: it may hold paths, drive letters, control characters or device names
 * (LocalSend CVE-2025-27142 let a crafted name write anywhere).
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { TransferError } from './transfer-error.js';

/** Longest base name in UTF-8 bytes; leaves room for " (999)", ".part" and ".part.json" under the usual 255. */
export const MAX_NAME_BYTES = 200;

const FALLBACK = 'file';
// Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters.
const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;
// Characters Windows forbids in names (path separators are removed earlier).
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
// CON, PRN, AUX, NUL, COM0-9, LPT0-9 (also superscript digits), alone or before any extension.
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|(com|lpt)[0-9¹²³])(\..*)?$/i;

/** Reduces an offered name to a base name that is safe on Windows, macOS and Linux. Never returns "" or "."/"..". */
export function safeBaseName(offered: string): string {
  let name = String(offered).normalize('NFC').replace(/\0/g, '');
  // Keep only the last path component, whatever the separator.
  const parts = name.split(/[/\\]/);
  name = parts[parts.length - 1] ?? '';
  name = name.replace(UNSAFE_CHARS, '').replace(WINDOWS_FORBIDDEN, '_');
  // No leading dots (hidden files, "..") or spaces; no trailing dots or spaces (Windows strips them).
  name = name.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
  if (name === '') name = FALLBACK;
  if (RESERVED.test(name)) name = `_${name}`;
  return capBytes(name, MAX_NAME_BYTES);
}

/** Shortens a name to `maxBytes` UTF-8 bytes, keeping a short extension and never splitting a character. */
function capBytes(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const stem = ext ? name.slice(0, dot) : name;
  const budget = maxBytes - Buffer.byteLength(ext);
  let out = '';
  let used = 0;
  for (const ch of stem) {
    const n = Buffer.byteLength(ch);
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  out = out.replace(/[\s.]+$/u, '');
  return (out || FALLBACK) + ext;
}

/** Joins `name` to `dir` and proves the result is a direct child of `dir`; throws otherwise. */
export function pathInside(dir: string, name: string): string {
  const root = path.resolve(dir);
  const full = path.resolve(root, name);
  if (path.dirname(full) !== root || path.basename(full) !== name) {
    throw new TransferError(
      'unsafe_name',
      `refusing a file name that leaves the download folder: ${JSON.stringify(name)}`,
    );
  }
  return full;
}

/** `name (n).ext` for n ≥ 1; `name` for n = 0. */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

async function taken(full: string): Promise<boolean> {
  try {
    await lstat(full); // lstat: a symlink, even a dangling one, counts as taken
    return true;
  } catch {
    return false;
  }
}

/**
 * First name among `name`, `name (1).ext`, `name (2).ext`... for which neither the file nor its `.part` exists.
 * Creation itself uses O_EXCL, so a race with another writer fails instead of overwriting.
 */
export async function freeName(
  dir: string,
  name: string,
  isReserved: (n: string) => boolean = () => false,
): Promise<string> {
  for (let n = 0; n < 10_000; n += 1) {
    const candidate = numberedName(name, n);
    const full = pathInside(dir, candidate);
    if (isReserved(candidate)) continue;
    if (!(await taken(full)) && !(await taken(`${full}.part`))) return candidate;
  }
  throw new TransferError('unsafe_name', `no free name for ${name} in ${dir}`);
}
