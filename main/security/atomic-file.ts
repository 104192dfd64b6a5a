/**
 * Private files written atomically: the bytes go to a temporary file beside the target (mode 0600, its folder
 * created 0700), are flushed, then renamed over the target, so a crash leaves either the old file or the new one,
 * never half of one. Used for the identity, known hosts and people files.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `text` to `file` atomically, readable only by this user (file 0600; a folder it creates 0700). */
export async function writePrivateFileAtomic(file: string, text: string): Promise<void> {
  const temp = await writeTemp(file, text);
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Like writePrivateFileAtomic, but only when `file` does not exist yet (hard link of a complete temporary file, so
 * two processes creating it at once cannot both win). Returns false, writing nothing, when it already exists.
 */
export async function createPrivateFileAtomic(file: string, text: string): Promise<boolean> {
  const temp = await writeTemp(file, text);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function writeTemp(file: string, text: string): Promise<string> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** The file's text, or `undefined` when it does not exist (any other read error is thrown). */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Error for a file that exists but cannot be understood: never silently replaced, the user must look at it. */
export class CorruptFileError extends Error {
  constructor(
    readonly file: string,
    what: string,
    detail: string,
  ) {
    super(`${what} file ${file} is unreadable (${detail}). Move it away or repair it; it was left untouched.`);
    this.name = 'CorruptFileError';
  }
}

/** Parses JSON text of a versioned file `{version: 1, ...}` or throws CorruptFileError. */
export function parseVersionedJson(file: string, what: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptFileError(file, what, `not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorruptFileError(file, what, 'not a JSON object');
  }
  const record = value as Record<string, unknown>;
  if (record.version !== 1) throw new CorruptFileError(file, what, `unknown version ${String(record.version)}`);
  return record;
}
