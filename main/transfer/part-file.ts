/**
 * A download in progress: `<final>.part` plus a small sidecar `<final>.part.json` that says which offer it belongs
 * to, so an interrupted transfer can be resumed. Files are created with O_EXCL and opened with O_NOFOLLOW: a symlink
 * planted in the download folder is never followed and an existing file is never overwritten.
 */
import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { link, lstat, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { markDownloaded } from './mark-of-the-web.js';
import { freeName, pathInside } from './safe-name.js';
import { TransferError } from './transfer-error.js';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
const SIDECAR_SUFFIX = '.part.json';
const MAX_SIDECAR_BYTES = 16 * 1024;
/**
 * The `.part`'s write stream buffers up to this much before it asks its writer to wait: 64 KiB records then leave in
 * writes of ~1 MiB (one `pwritev` of the records buffered while the previous write ran) instead of ~256 KiB, a
 * quarter of the thread-pool round trips, completions and socket pauses per GiB (docs/PERFORMANCE.md "The receiver's
 * CPU per GiB").
 */
export const PART_WRITE_BYTES = 1024 * 1024;

/** What identifies the offered file a `.part` belongs to. `from` is the sender's nick key (lower case, NFC). */
export interface PartMeta {
  from: string;
  name: string;
  size: number;
  sha256: string;
}

export interface ResumableLocation {
  finalName: string;
  /** Bytes already on disk. */
  offset: number;
}

function sameMeta(a: PartMeta, b: PartMeta): boolean {
  return a.from === b.from && a.name === b.name && a.size === b.size && a.sha256 === b.sha256;
}

async function writeNew(path: string, content: string): Promise<void> {
  const handle = await open(path, CREATE_NEW, 0o644);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

export class PartFile {
  private constructor(
    readonly dir: string,
    readonly finalName: string,
    readonly handle: FileHandle,
  ) {}

  get partPath(): string {
    return pathInside(this.dir, `${this.finalName}.part`);
  }

  private get sidecarPath(): string {
    return pathInside(this.dir, `${this.finalName}${SIDECAR_SUFFIX}`);
  }

  /** Creates a fresh, empty `.part` for `safeName` (or `safeName (n).ext` when taken) and its sidecar. */
  static async create(dir: string, safeName: string, meta: PartMeta): Promise<PartFile> {
    for (let attempt = 0; ; attempt += 1) {
      const finalName = await freeName(dir, safeName);
      let handle: FileHandle;
      try {
        handle = await open(pathInside(dir, `${finalName}.part`), CREATE_NEW, 0o644);
      } catch (error) {
        // Somebody created it between our check and our open: take the next name.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 20) continue;
        throw error;
      }
      const part = new PartFile(dir, finalName, handle);
      try {
        await unlinkQuietly(part.sidecarPath); // a stale sidecar without its .part is meaningless
        await writeNew(part.sidecarPath, JSON.stringify({ v: 1, ...meta }));
      } catch (error) {
        await part.discard();
        throw error;
      }
      return part;
    }
  }

  /** Finds a kept `.part` of exactly this offered file (same sender, name, size and SHA-256). */
  static async findResumable(dir: string, meta: PartMeta): Promise<ResumableLocation | undefined> {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      if (!entry.endsWith(SIDECAR_SUFFIX)) continue;
      const finalName = entry.slice(0, -SIDECAR_SUFFIX.length);
      try {
        const sidecar = pathInside(dir, entry);
        const info = await lstat(sidecar);
        if (!info.isFile() || info.size > MAX_SIDECAR_BYTES) continue;
        const stored = JSON.parse(await readFile(sidecar, 'utf8')) as PartMeta;
        if (!sameMeta(stored, meta)) continue;
        const part = await lstat(pathInside(dir, `${finalName}.part`));
        if (!part.isFile() || part.size > meta.size) continue;
        return { finalName, offset: part.size };
      } catch {
        continue;
      }
    }
    return undefined;
  }

  /** Reopens a kept `.part` to continue writing at `offset` (anything beyond is cut off). */
  static async reopen(dir: string, location: ResumableLocation): Promise<PartFile> {
    const handle = await open(pathInside(dir, `${location.finalName}.part`), constants.O_WRONLY | NOFOLLOW);
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size < location.offset)
        throw new TransferError('write_failed', 'the kept .part file changed; start over');
      await handle.truncate(location.offset);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new PartFile(dir, location.finalName, handle);
  }

  /** A write stream positioned at `start`; it closes the handle when it finishes or fails (call once). */
  writeStream(start: number): WriteStream {
    return createWriteStream('', { fd: this.handle, start, highWaterMark: PART_WRITE_BYTES });
  }

  /**
   * Marks the verified file as downloaded (mark-of-the-web.ts), then moves it to its final name without ever
   * overwriting; returns the name used. Marked first, so it never lies under its final name without the mark (a hard
   * link or rename keeps the stream or attribute: it is the same file).
   */
  async finish(mark: (path: string) => Promise<unknown> = markDownloaded): Promise<string> {
    await this.handle.close();
    await mark(this.partPath);
    let name = this.finalName;
    for (let attempt = 0; ; attempt += 1) {
      const target = pathInside(this.dir, name);
      try {
        await link(this.partPath, target); // fails with EEXIST instead of replacing a file
        await unlink(this.partPath);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' && attempt < 20) {
          name = await freeName(this.dir, this.finalName, (n) => n === this.finalName);
          continue;
        }
        // File systems without hard links (FAT, some network shares): rename after checking the name is free.
        if (
          (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') &&
          !(await lstat(target).catch(() => undefined))
        ) {
          await rename(this.partPath, target);
          break;
        }
        throw error;
      }
    }
    await unlinkQuietly(this.sidecarPath);
    return name;
  }

  /** Removes the `.part` and its sidecar. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlinkQuietly(this.partPath);
    await unlinkQuietly(this.sidecarPath);
  }

  /** Keeps the `.part` and its sidecar for a later resume. */
  async keep(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
