/**
 * Thumbnails of received images, served to the page without the page ever naming a path: the transfer side
 * registers a file it received and verified, and gets an opaque random id (or nothing when the file is not a PNG,
 * JPEG, GIF or WebP by its first bytes, or is larger than PREVIEW_MAX_BYTES). `serve(id)` answers only ids it gave
 * out, re-reads the file and checks its magic bytes and size again (it may have changed on disk since), and returns
 * the bytes with a Content-Type from those bytes (never from the name), `nosniff` and a CSP that lets nothing run.
 * Nothing here decodes an image: the page's <img> does, in the sandboxed renderer. SVG is never served.
 * Electron serves it on `sbfile://preview/ID` (electron/preview-protocol.ts), browser mode on `/sbfile/ID`. Ids are
 * also kept in the conversation store (PreviewKeeper), so a stored card's thumbnail loads after a restart.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';

export const PREVIEW_MAX_BYTES = 20 * 1024 * 1024;
const ID = /^[0-9a-f]{32}$/;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** The image type the first bytes show, if one we preview. */
export function sniffImage(head: Uint8Array): ImageType | undefined {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61)
    return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

export interface PreviewResponse {
  status: 200 | 404 | 405;
  headers: Record<string, string>;
  body?: Uint8Array;
}

const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'no-store',
};

const NOT_FOUND: PreviewResponse = {
  status: 404,
  headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  body: new TextEncoder().encode('Not found'),
};

async function imageTypeOf(path: string): Promise<ImageType | undefined> {
  const info = await stat(path);
  if (!info.isFile() || info.size > PREVIEW_MAX_BYTES || info.size < 12) return undefined;
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(16);
    await file.read(head, 0, 16, 0);
    return sniffImage(head);
  } finally {
    await file.close();
  }
}

/** Where ids given out are kept beyond this process (the conversation store, beside the cards that name them). */
export interface PreviewKeeper {
  savePreview(id: string, path: string): void;
  previewPath(id: string): string | undefined;
}

export class FilePreviews {
  private readonly files = new Map<string, string>();

  /**
   * `urlOf(id)`: where the page loads preview `id` from (absent: this platform shows no previews). `keeper`: ids are
   * kept there too, so a stored card's thumbnail still loads after the app restarts.
   */
  constructor(
    private readonly urlOf?: (id: string) => string,
    private readonly keeper?: PreviewKeeper,
  ) {}

  /** A received, verified file: its preview URL when it is an image we show, else undefined. Never throws. */
  async register(path: string): Promise<string | undefined> {
    if (!this.urlOf) return undefined;
    try {
      if ((await imageTypeOf(path)) === undefined) return undefined;
    } catch {
      return undefined;
    }
    const id = randomBytes(16).toString('hex');
    this.files.set(id, path);
    try {
      this.keeper?.savePreview(id, path);
    } catch {
      // The store failing (disk full…) costs only the thumbnail after a restart.
    }
    return this.urlOf(id);
  }

  /** The answer to a request for preview `id` (any string from the request; only ids given out are served). */
  async serve(id: string, method = 'GET'): Promise<PreviewResponse> {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { ...BASE_HEADERS } };
    const path = ID.test(id) ? this.pathOf(id) : undefined;
    if (path === undefined) return NOT_FOUND;
    try {
      const type = await imageTypeOf(path);
      if (type === undefined) return NOT_FOUND;
      const headers = { ...BASE_HEADERS, 'Content-Type': type };
      if (method === 'HEAD') return { status: 200, headers };
      const body = new Uint8Array(await readFile(path));
      // Changed between the check and the read: serve only what still is the same kind of image.
      if (body.byteLength > PREVIEW_MAX_BYTES || sniffImage(body.subarray(0, 16)) !== type) return NOT_FOUND;
      return { status: 200, headers: { ...headers, 'Content-Length': String(body.byteLength) }, body };
    } catch {
      return NOT_FOUND;
    }
  }

  /** Whether `id` names a preview this registry gave out. */
  has(id: string): boolean {
    return ID.test(id) && this.pathOf(id) !== undefined;
  }

  private pathOf(id: string): string | undefined {
    const known = this.files.get(id);
    if (known !== undefined) return known;
    try {
      const kept = this.keeper?.previewPath(id);
      if (kept !== undefined) this.files.set(id, kept);
      return kept;
    } catch {
      return undefined;
    }
  }
}
