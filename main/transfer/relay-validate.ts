/** Shape checks for the `file.*` requests the host receives. Each returns the typed fields or an error sentence. */
import type { FileClientReason, FileDescriptor } from '../protocol/file-messages.js';
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
  'interrupted',
];

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

export function checkOffer(frame: FrameObject): Checked<{ to: string; files: FileDescriptor[] }> {
  const { to, files } = frame;
  if (typeof to !== 'string' || to === '') return { ok: false, message: 'file.offer needs "to", a nickname' };
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
  return { ok: true, value: { to, files: clean } };
}

export function checkAnswer(
  frame: FrameObject,
  files: readonly FileDescriptor[],
): Checked<{ accept: { index: number; offset: number }[]; reason: FileClientReason }> {
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
  return { ok: true, value: { accept, reason: clientReason(frame.reason, 'declined') } };
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
