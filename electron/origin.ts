/**
 * Which URLs are "ours": the built renderer's page on our own scheme (app://sarangbang/index.html), or the
 * electron-vite dev server's origin during `npm run dev`. Everything else, `file:` included, is foreign: navigation
 * to it is blocked and IPC from it is refused.
 */
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

export type OriginCheck = (url: string) => boolean;

export function createOriginCheck(options: { devServerUrl?: string } = {}): OriginCheck {
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
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === '' &&
      (parsed.pathname === '/' || parsed.pathname === '/index.html')
    );
  };
}
