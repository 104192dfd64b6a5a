/** The sender's files: checked to be regular files, measured and hashed before they are offered. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileDescriptor } from '../protocol/file-messages.js';
import { createHash } from 'node:crypto';
import { hashFileInto } from './hash.js';

export interface LocalFile extends FileDescriptor {
  path: string;
}

/** Describes each path for an offer; rejects with a sentence naming the first path that cannot be sent. */
export async function describeLocalFiles(paths: readonly string[], onHashing?: (file: string, bytes: number, size: number) => void): Promise<LocalFile[]> {
  if (paths.length === 0) throw new Error('Name at least one file to send.');
  const files: LocalFile[] = [];
  for (const raw of paths) {
    const full = path.resolve(raw);
    const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
      throw new Error(error.code === 'ENOENT' ? `${raw}: no such file.` : `${raw}: cannot be read (${error.code ?? error.message}).`);
    });
    if (info.isDirectory()) throw new Error(`${raw} is a folder; send the files in it (folders are not sent as a whole).`);
    if (!info.isFile()) throw new Error(`${raw} is not a regular file.`);
    const hash = createHash('sha256');
    // The size offered is what was hashed, so a file that grows meanwhile still matches its offer.
    const size = await hashFileInto(hash, full, undefined, onHashing ? (bytes) => onHashing(full, bytes, info.size) : undefined);
    files.push({ path: full, name: path.basename(full), size, sha256: hash.digest('hex') });
  }
  return files;
}
