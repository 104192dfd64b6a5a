/** The sender's files: checked to be regular files, measured and hashed before they are offered. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileDescriptor } from '../protocol/file-messages.js';
import { MAX_FILES_PER_OFFER } from '../protocol/limits.js';
import { createHash } from 'node:crypto';
import { hashFileInto } from './hash.js';
import { TransferError } from './transfer-error.js';

export interface LocalFile extends FileDescriptor {
  path: string;
}

/**
 * Describes each path for an offer; rejects with a sentence naming the first path that cannot be sent. Every path is
 * checked before any is hashed, so a bad choice is refused at once, not after hashing gigabytes.
 */
export async function describeLocalFiles(
  paths: readonly string[],
  onHashing?: (file: string, bytes: number, size: number) => void,
): Promise<LocalFile[]> {
  if (paths.length === 0) throw new TransferError('bad_selection', 'Name at least one file to send.');
  if (paths.length > MAX_FILES_PER_OFFER) {
    throw new TransferError(
      'bad_selection',
      `At most ${MAX_FILES_PER_OFFER} files go in one offer, and ${paths.length} were chosen: send them in parts, or zip them into one file.`,
    );
  }
  const checked: { full: string; size: number }[] = [];
  for (const raw of paths) {
    const full = path.resolve(raw);
    const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
      throw new TransferError(
        'bad_selection',
        error.code === 'ENOENT' ? `${raw}: no such file.` : `${raw}: cannot be read (${error.code ?? error.message}).`,
      );
    });
    if (info.isDirectory())
      throw new TransferError(
        'bad_selection',
        `${raw} is a folder; send the files in it (folders are not sent as a whole).`,
      );
    if (!info.isFile()) throw new TransferError('bad_selection', `${raw} is not a regular file.`);
    checked.push({ full, size: info.size });
  }
  const files: LocalFile[] = [];
  for (const { full, size: statSize } of checked) {
    const hash = createHash('sha256');
    // The size offered is what was hashed, so a file that grows meanwhile still matches its offer.
    const size = await hashFileInto(
      hash,
      full,
      undefined,
      onHashing ? (bytes) => onHashing(full, bytes, statSize) : undefined,
    );
    files.push({ path: full, name: path.basename(full), size, sha256: hash.digest('hex') });
  }
  return files;
}
