/** Shape checks for the `file.*` requests the host receives. Each returns the typed fields or an error sentence. */
import type { FileClientReason, FileDescriptor, FileE2e } from '../protocol/file-messages.js';
import type { FrameObject } from '../protocol/codec.js';
import { MAX_FILES_PER_OFFER } from '../protocol/limits.js';
import { isSha256Hex } from './hash.js';

const CLIENT_REASONS: readonly FileClientReason[] = [
  'declined',
  'cancelled',
  'no_space',
  'write_failed',
  'read_failed',
  'hash_mismatch',
  'size_mismatch',
  'tampered',
  'unverified',
  'interrupted',
];

/** Most nicknames one group offer may name (a room's `"*"` has no such limit). */
export const MAX_GROUP_RECEIVERS = 100;

/** Longest base64url field of an `e2e` object (an SPKI or a signature is far shorter). */
const MAX_E2E_FIELD = 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}

export function clientReason(value: unknown, fallback: FileClientReason): FileClientReason {
  return CLIENT_REASONS.includes(value as FileClientReason) ? (value as FileClientReason) : fallback;
}

/**
 * The optional `e2e` object of an offer or an answer. The host cannot check its keys (only the other side knows the
 * fingerprint to expect): it checks the shape and relays the four fields untouched.
 */
export function checkE2e(value: unknown): Checked<FileE2e | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  const bad = { ok: false as const, message: '"e2e" must be {eph, spki, sig, n?}, base64url strings' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad;
  const { eph, spki, sig, n } = value as Record<string, unknown>;
  const field = (x: unknown): x is string =>
    typeof x === 'string' && x.length > 0 && x.length <= MAX_E2E_FIELD && /^[A-Za-z0-9_-]+$/.test(x);
  if (!field(eph) || !field(spki) || !field(sig) || (n !== undefined && !field(n))) return bad;
  return { ok: true, value: { eph, spki, sig, ...(n === undefined ? {} : { n }) } };
}

export function checkOffer(
  frame: FrameObject,
): Checked<{ to: string | string[]; files: FileDescriptor[]; e2e: FileE2e | undefined }> {
  const { to, files } = frame;
  const e2e = checkE2e(frame.e2e);
  if (!e2e.ok) return e2e;
  const nickList =
    Array.isArray(to) &&
    to.length > 0 &&
    to.length <= MAX_GROUP_RECEIVERS &&
    to.every((nick) => typeof nick === 'string' && nick !== '');
  if ((typeof to !== 'string' || to === '') && !nickList)
    return {
      ok: false,
      message: `file.offer needs "to": a nickname, "*" (everyone), or a list of 1 to ${MAX_GROUP_RECEIVERS} nicknames`,
    };
  if (!Array.isArray(files) || files.length === 0)
    return { ok: false, message: 'file.offer needs "files", a non-empty list' };
  if (files.length > MAX_FILES_PER_OFFER)
    return { ok: false, message: `at most ${MAX_FILES_PER_OFFER} files in one offer` };
  const clean: FileDescriptor[] = [];
  for (const [i, file] of files.entries()) {
    const f = file as Partial<FileDescriptor> | null;
    if (typeof f !== 'object' || f === null) return { ok: false, message: `file ${i} is not an object` };
    if (typeof f.name !== 'string' || f.name === '') return { ok: false, message: `file ${i} has no name` };
    if (!isSize(f.size)) return { ok: false, message: `file ${i}: size must be a whole number of bytes up to 2^53-1` };
    if (!isSha256Hex(f.sha256)) return { ok: false, message: `file ${i}: sha256 must be 64 lower-case hex digits` };
    clean.push({ name: f.name, size: f.size, sha256: f.sha256 });
  }
  return { ok: true, value: { to: to as string | string[], files: clean, e2e: e2e.value } };
}

export function checkAnswer(
  frame: FrameObject,
  files: readonly FileDescriptor[],
): Checked<{ accept: { index: number; offset: number }[]; reason: FileClientReason; e2e: FileE2e | undefined }> {
  const e2e = checkE2e(frame.e2e);
  if (!e2e.ok) return e2e;
  if (!Array.isArray(frame.accept))
    return { ok: false, message: 'file.answer needs "accept", a list (empty to decline)' };
  const seen = new Set<number>();
  const accept: { index: number; offset: number }[] = [];
  for (const entry of frame.accept as unknown[]) {
    const { index, offset } = (entry ?? {}) as { index?: unknown; offset?: unknown };
    if (
      typeof index !== 'number' ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= files.length ||
      seen.has(index)
    ) {
      return { ok: false, message: 'file.answer: each accepted index must be a distinct file of the offer' };
    }
    const size = files[index]!.size;
    const start = offset ?? 0;
    if (!isSize(start) || start > size)
      return { ok: false, message: `file.answer: offset of file ${index} must be between 0 and ${size}` };
    seen.add(index);
    accept.push({ index, offset: start });
  }
  return { ok: true, value: { accept, reason: clientReason(frame.reason, 'declined'), e2e: e2e.value } };
}

export function checkIds(frame: FrameObject): Checked<{ offer?: string; transfer?: string }> {
  const { offer, transfer } = frame;
  if (offer !== undefined && !isId(offer)) return { ok: false, message: '"offer" must be an offer id' };
  if (transfer !== undefined && !isId(transfer)) return { ok: false, message: '"transfer" must be a transfer id' };
  if (offer === undefined && transfer === undefined) return { ok: false, message: 'name an "offer" or a "transfer"' };
  return {
    ok: true,
    value: { ...(offer === undefined ? {} : { offer }), ...(transfer === undefined ? {} : { transfer }) },
  };
}
