/**
 * The `sbfile:` scheme: thumbnails of received, verified images for the page's <img> (renderer CSP
 * `img-src 'self' data: sbfile:`). `sbfile://preview/ID` answers what DesktopApp's FilePreviews serves for that
 * opaque id; any other host or path, and a method other than GET/HEAD, gets nothing. Standard and secure (so the URL
 * has a host and is not mixed content), no CORS, no fetch privilege, no service workers.
 */
import type { Protocol } from 'electron';
import type { FilePreviews } from '../main/app/file-previews.js';

export const PREVIEW_SCHEME = 'sbfile';
const PREVIEW_HOST = 'preview';

export const PREVIEW_SCHEME_PRIVILEGES = { standard: true, secure: true } as const;

export function previewUrlOf(id: string): string {
  return `${PREVIEW_SCHEME}://${PREVIEW_HOST}/${id}`;
}

/** The opaque id an `sbfile:` URL names, or '' when it names nothing we serve. */
function idOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== `${PREVIEW_SCHEME}:` || parsed.host !== PREVIEW_HOST) return '';
    return parsed.pathname.slice(1);
  } catch {
    return '';
  }
}

/** The `protocol.handle` handler; `previews()` is the app's registry (undefined before the app exists). */
export function previewHandler(previews: () => FilePreviews | undefined): (request: Request) => Promise<Response> {
  return async (request) => {
    const registry = previews();
    const answer = registry
      ? await registry.serve(idOf(request.url), request.method)
      : { status: 404, headers: { 'Content-Type': 'text/plain' }, body: undefined };
    const body = request.method === 'HEAD' || !answer.body ? null : answer.body;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
}

/** After `app.ready`: serves thumbnails on `sbfile://preview/`. */
export function servePreviewScheme(protocol: Pick<Protocol, 'handle'>, previews: () => FilePreviews | undefined): void {
  protocol.handle(PREVIEW_SCHEME, previewHandler(previews));
}
