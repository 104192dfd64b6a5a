/**
 * The `app://` scheme the packaged renderer is served from (instead of `file://`, where `'self'` means every local
 * file). A standard, secure scheme with one host: `'self'` is exactly `app://sarangbang`. The handler serves only
 * regular files inside the built renderer folder, GET/HEAD only, with a fixed MIME type per extension; `..`, encoded
 * separators, NUL bytes, other hosts and symlinks that leave the folder get a 404. No CORS (`corsEnabled` off) and no
 * fetch privilege: nothing outside this origin can read its files.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Protocol } from 'electron';
import { RENDERER_FILE_TYPES as TYPES } from '../main/app/renderer-file-types.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sarangbang';
export const APP_ORIGIN = 'app://sarangbang';
export const APP_INDEX_URL = 'app://sarangbang/index.html';

export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true } as const;

/**
 * Before `app.ready` (Electron's rule): makes `app:` standard and secure for every session, with the app's other
 * schemes (`extra`: Electron keeps only the last call's list, so they are all registered here at once).
 */
export function registerAppScheme(
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>,
  extra: { scheme: string; privileges: { standard: boolean; secure: boolean } }[] = [],
): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }, ...extra]);
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The file under `root` an `app://` URL names, or undefined when it names nothing we serve. */
export async function resolveAppFile(root: string, url: string): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  // A standard URL already folds `/../`; what is left of `..`, `\` or NUL came in percent-encoded: refuse it.
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((part) => part === '..')) return undefined;
  const candidate = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  if (!inside(root, candidate)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!inside(root, real) || !(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

/** The `protocol.handle` handler for the built renderer in `rendererDir`. */
export function appFileHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const rootPromise = realpath(resolve(rendererDir)).catch(() => resolve(rendererDir));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = await resolveAppFile(await rootPromise, request.url);
    const type = file === undefined ? undefined : TYPES[extname(file).toLowerCase()];
    if (file === undefined || type === undefined) return new Response('Not found', { status: 404 });
    const headers = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
  };
}

/** After `app.ready`: serves the built renderer on `app://sarangbang/`. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appFileHandler(rendererDir));
}
