/**
 * Browser mode's thumbnails: `GET /sbfile/ID` on the page's own origin answers what the profile's FilePreviews
 * serves for that opaque id (only received, verified images; see file-previews.ts). Every other path is left to
 * the static files. Only our own Host header is accepted, like the static files.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FilePreviews } from '../file-previews.js';

export const PREVIEW_PATH = '/sbfile/';

/** `handle` returns false for a request that is not for a preview (the caller serves it), true once answered. */
export function previewRoute(find: (id: string) => Promise<FilePreviews | undefined>) {
  return (req: IncomingMessage, res: ServerResponse, allowedHosts: () => readonly string[]): boolean => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith(PREVIEW_PATH)) return false;
    void (async () => {
      if (!allowedHosts().includes(req.headers.host ?? '')) {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden host');
        return;
      }
      const id = path.slice(PREVIEW_PATH.length);
      const previews = await find(id);
      const answer = await (previews ?? NONE).serve(id, req.method);
      // Only the page's own origin may embed it (Electron's page is another origin, so this is set here only).
      res.writeHead(answer.status, { ...answer.headers, 'Cross-Origin-Resource-Policy': 'same-origin' });
      res.end(req.method === 'HEAD' ? undefined : answer.body);
    })().catch(() => res.destroy());
    return true;
  };
}

/** Answers an id no profile knows (404, or 405 for another method) like a profile would. */
const NONE = new FilePreviews();
