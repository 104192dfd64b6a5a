/** Files for the transfer scenarios: generated on disk, compared by SHA-256. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function randomFile(dir: string, name: string, bytes: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, randomBytes(bytes));
  return path;
}

/** A large file that costs no disk: sparse, with a few random bytes at the start and the end. */
export async function sparseFile(dir: string, name: string, bytes: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const handle = await open(path, 'w');
  try {
    await handle.write(randomBytes(4096), 0, 4096, 0);
    await handle.truncate(bytes);
    await handle.write(randomBytes(4096), 0, 4096, bytes - 4096);
  } finally {
    await handle.close();
  }
  return path;
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
