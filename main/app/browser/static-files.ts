/**
 * Serves the built renderer (out/renderer) for browser mode: GET/HEAD only, files strictly inside the root (no
 * `..`, no symlink escapes), unknown paths fall back to index.html, and only our own Host header is accepted so a
 * DNS-rebinding page cannot read it. HTML pages get the bridge's WebSocket added to their CSP (bridge-csp.ts).
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { allowBridgeSocket } from './bridge-csp.js';
import { RENDERER_FILE_TYPES as TYPES } from '../renderer-file-types.js';

async function fileInside(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = resolve(root, `.${decoded}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export function staticFileHandler(rootDir: string, allowedHosts: () => readonly string[]) {
  const rootPromise = realpath(resolve(rootDir)).catch(() => resolve(rootDir));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
    };
    if (!allowedHosts().includes(req.headers.host ?? '')) return send(403, 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    const root = await rootPromise;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file =
      (await fileInside(root, path === '/' ? '/index.html' : path)) ??
      (extname(path) === '' ? await fileInside(root, '/index.html') : undefined);
    if (!file) return send(404, rootDir ? 'Not found' : 'No renderer build');
    let page: string | undefined;
    if (extname(file).toLowerCase() === '.html') {
      try {
        page = allowBridgeSocket(await readFile(file, 'utf8'));
      } catch (error) {
        return send(500, (error as Error).message);
      }
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (page !== undefined) {
      res.end(page);
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
