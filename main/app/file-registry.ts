/**
 * Local files the user chose to send. The page only ever sees an opaque id, a base name and a size; the path stays
 * here. Each path must be a readable regular file: a folder gets a clear answer instead of a vague failure.
 */
import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { RegisteredFile } from '@contract/ipc-contract';
import { AppFailure } from './app-error.js';

export interface LocalFile extends RegisteredFile {
  path: string;
}

export const MAX_REGISTERED_FILES = 10_000;

export class FileRegistry {
  private readonly files = new Map<string, LocalFile>();

  /** Checks every path first; registers all of them or none. */
  async register(paths: readonly string[]): Promise<RegisteredFile[]> {
    const checked: LocalFile[] = [];
    for (const path of paths) checked.push(await checkRegularFile(path));
    if (this.files.size + checked.length > MAX_REGISTERED_FILES) {
      // Oldest first: Map iteration order is insertion order.
      for (const key of [...this.files.keys()].slice(0, checked.length)) this.files.delete(key);
    }
    for (const file of checked) this.files.set(file.fileId, file);
    return checked.map(({ fileId, name, size }) => ({ fileId, name, size }));
  }

  get(fileId: string): LocalFile {
    const file = this.files.get(fileId);
    if (!file) throw new AppFailure('no_such_file_id', 'That file is no longer available to send. Choose it again.');
    return file;
  }
}

export async function checkRegularFile(path: string): Promise<LocalFile> {
  const name = basename(path);
  if (!isAbsolute(path)) throw new AppFailure('file_not_found', `“${name}” is not a full path to a file.`);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new AppFailure('file_unreadable', `“${name}” cannot be read: permission denied.`);
    throw new AppFailure('file_not_found', `“${name}” does not exist (any more).`);
  }
  if (info.isDirectory()) {
    throw new AppFailure(
      'not_a_file',
      `“${name}” is a folder. Sarangbang sends files, not folders: select the files inside it, or zip the folder first.`,
    );
  }
  if (!info.isFile())
    throw new AppFailure('not_a_file', `“${name}” is not a regular file (a device, socket or pipe cannot be sent).`);
  try {
    const handle = await open(path, 'r');
    await handle.close();
  } catch {
    throw new AppFailure('file_unreadable', `“${name}” cannot be read: permission denied.`);
  }
  return { fileId: randomUUID(), name, size: info.size, path };
}
