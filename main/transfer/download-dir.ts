/** Where received files go by default: the OS downloads folder + `/Sarangbang`. */
import os from 'node:os';
import path from 'node:path';

export function defaultDownloadDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  // XDG_DOWNLOAD_DIR is set on some Linux desktops; elsewhere "Downloads" under home is the convention.
  const xdg = env.XDG_DOWNLOAD_DIR;
  const downloads = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, 'Downloads');
  return path.join(downloads, 'Sarangbang');
}
