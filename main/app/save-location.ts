/**
 * Moves a received, verified file into the folder the user chose ("Save to…"), never overwriting: an existing name
 * becomes "name (1).ext". Works across disks (copy, then remove the original).
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

function candidate(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
  return `${stem} (${n})${ext && ext !== name ? ext : ''}`;
}

export async function moveIntoFolder(path: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const name = basename(path);
  for (let n = 0; n < 10_000; n++) {
    const target = join(folder, candidate(name, n));
    try {
      await link(path, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      try {
        await copyFile(path, target, constants.COPYFILE_EXCL);
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw copyError;
      }
    }
    await unlink(path);
    return target;
  }
  throw new Error(`No free name for ${name} in ${folder}.`);
}
