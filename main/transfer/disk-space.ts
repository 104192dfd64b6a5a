/** Free space where a download will land, checked when the user accepts. */
import { statfs } from 'node:fs/promises';

export type FreeSpace = (dir: string) => Promise<number>;

/** Bytes available to this (unprivileged) user in the file system holding `dir`. */
export const freeSpace: FreeSpace = async (dir) => {
  const stats = await statfs(dir);
  // Both factors are Numbers: the product stays exact far beyond 4 GiB (up to 2^53).
  return Number(stats.bavail) * Number(stats.bsize);
};
