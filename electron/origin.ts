/**
 * Which URLs are "ours": the built renderer's index.html (file:), or the electron-vite dev server's origin during
 * `npm run dev`. Everything else is foreign: navigation to it is blocked and IPC from it is refused.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type OriginCheck = (url: string) => boolean;

export function createOriginCheck(options: { indexHtmlPath: string; devServerUrl?: string }): OriginCheck {
  const indexPath = resolve(options.indexHtmlPath);
  const devOrigin = options.devServerUrl ? new URL(options.devServerUrl).origin : undefined;
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin !== undefined && (parsed.protocol === 'http:' || parsed.protocol === 'https:'))
      return parsed.origin === devOrigin;
    if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
    try {
      return resolve(fileURLToPath(parsed)) === indexPath;
    } catch {
      return false;
    }
  };
}
