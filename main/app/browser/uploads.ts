/**
 * Browser mode only: a page cannot learn a dropped file's path, so it uploads the bytes in one binary WebSocket
 * message: [4-byte big-endian header length][UTF-8 JSON {id, name}][bytes]. The bridge stores them under the
 * profile's uploads folder (a fresh subfolder per file, base name only) and registers that path like a drop.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppFailure } from '../app-error.js';

/** Must match BROWSER_UPLOAD_LIMIT in contract/ipc-contract.ts. */
export const BROWSER_UPLOAD_LIMIT = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;

export interface Upload {
  id: number;
  name: string;
  bytes: Buffer;
}

/** Parses an upload message. Throws AppFailure('bad_payload') with the reason; `id` is returned when readable. */
export function parseUpload(data: Buffer): Upload {
  if (data.length < 4) throw new AppFailure('bad_payload', 'Upload message too short.');
  const headerLength = data.readUInt32BE(0);
  if (headerLength > MAX_HEADER_BYTES || 4 + headerLength > data.length)
    throw new AppFailure('bad_payload', 'Upload header length is out of range.');
  let header: unknown;
  try {
    header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8'));
  } catch {
    throw new AppFailure('bad_payload', 'Upload header is not JSON.');
  }
  const { id, name } = (header ?? {}) as { id?: unknown; name?: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    throw new AppFailure('bad_payload', 'Upload header needs a numeric id.');
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024)
    throw new AppFailure('bad_payload', 'Upload header needs a file name.');
  const bytes = data.subarray(4 + headerLength);
  if (bytes.length > BROWSER_UPLOAD_LIMIT)
    throw new AppFailure('file_too_large', 'Browser mode accepts dropped files up to 64 MiB.');
  return { id, name, bytes };
}

/** Writes an upload to `<uploadsDir>/<uuid>/<safe base name>` and returns its path. */
export async function storeUpload(uploadsDir: string, upload: Upload): Promise<string> {
  const safe =
    basename(upload.name.replaceAll('\\', '/'))
      .replace(/\p{Cc}/gu, '_')
      .replace(/^\.+$/, '_') || 'file';
  const dir = join(uploadsDir, randomUUID());
  await mkdir(dir, { recursive: true });
  const path = join(dir, safe);
  await writeFile(path, upload.bytes, { flag: 'wx' });
  return path;
}
