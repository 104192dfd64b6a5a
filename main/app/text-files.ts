/**
 * `files.fromText`: a message too long for the room becomes a text file the user can offer like any chosen file.
 * Each text is written as UTF-8 to its own folder under one temporary folder per app instance (removed on dispose)
 * and registered in the file registry; the page gets the usual id, name and size, never the path.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisteredFile } from '@contract/ipc-contract';
import { AppFailure } from './app-error.js';
import type { FileRegistry } from './file-registry.js';

/** Must match TEXT_FILE_LIMIT in contract/ipc-contract.ts. */
export const TEXT_FILE_LIMIT = 4 * 1024 * 1024;
const MAX_NAME_CHARS = 100;

/** A safe base name ending in .txt: no folders, no control characters, not only dots. */
export function textFileName(raw: string): string {
  const base = (raw.replaceAll('\\', '/').split('/').at(-1) ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, MAX_NAME_CHARS);
  const name = base || 'message';
  return name.toLowerCase().endsWith('.txt') ? name : `${name}.txt`;
}

export class TextFiles {
  private root: Promise<string> | undefined;

  constructor(
    private readonly files: FileRegistry,
    private readonly parent: string = tmpdir(),
  ) {}

  async create(name: string, text: string): Promise<RegisteredFile> {
    const bytes = Buffer.from(text, 'utf8');
    if (text.trim().length === 0) throw new AppFailure('text_empty', 'The message is empty.');
    if (bytes.length > TEXT_FILE_LIMIT)
      throw new AppFailure('file_too_large', 'A message can become a file of at most 4 MiB.');
    this.root ??= mkdtemp(join(this.parent, 'sarangbang-texts-'));
    const dir = join(await this.root, randomUUID());
    await mkdir(dir);
    const path = join(dir, textFileName(name));
    await writeFile(path, bytes, { flag: 'wx' });
    const [file] = await this.files.register([path]);
    if (!file) throw new AppFailure('internal', 'The text file could not be registered.');
    return file;
  }

  /** Removes every file made here (the app is closing). */
  async dispose(): Promise<void> {
    const root = this.root;
    this.root = undefined;
    if (root) await rm(await root, { recursive: true, force: true }).catch(() => undefined);
  }
}
