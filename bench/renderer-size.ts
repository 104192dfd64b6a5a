/**
 * The built renderer's JavaScript, gzipped (zlib -9): what the first screen loads (the scripts index.html names and
 * everything they import statically) and the whole (every chunk, the lazily loaded screens too).
 * `tsx bench/renderer-size.ts [dir]` prints it for out/renderer (or dir); bench:ui prints it in every run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { initSync, parse } from 'es-module-lexer';

export interface RendererSize {
  initial: { files: number; raw: number; gzip: number };
  total: { files: number; raw: number; gzip: number };
}

const KB = 1024;

/** Sizes in KB (1,024 bytes) of the renderer built into `dir` (its index.html and assets/). */
export async function rendererSize(dir: string): Promise<RendererSize> {
  initSync();
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => posix.normalize(m[1]!));
  const sizes = new Map<string, { raw: number; gzip: number; imports: string[] }>();
  for (const name of await readdir(join(dir, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    const code = await readFile(join(dir, 'assets', name), 'utf8');
    const [imports] = parse(code, name);
    // d === -1: a static import (loaded before the module runs); dynamic imports load later, on demand.
    const statics = imports.filter((i) => i.d === -1 && i.n?.startsWith('.')).map((i) => posix.join('assets', i.n!));
    sizes.set(posix.join('assets', name), {
      raw: Buffer.byteLength(code),
      gzip: gzipSync(code, { level: 9 }).length,
      imports: statics,
    });
  }
  const initial = new Set<string>();
  const visit = (file: string): void => {
    if (initial.has(file) || !sizes.has(file)) return;
    initial.add(file);
    for (const next of sizes.get(file)!.imports) visit(next);
  };
  for (const entry of entries) visit(entry);
  const sum = (files: Iterable<string>) => {
    let raw = 0;
    let gzip = 0;
    let count = 0;
    for (const f of files) {
      raw += sizes.get(f)!.raw;
      gzip += sizes.get(f)!.gzip;
      count += 1;
    }
    return { files: count, raw: raw / KB, gzip: gzip / KB };
  };
  return { initial: sum(initial), total: sum(sizes.keys()) };
}

/** One line for a report: "first screen X KB gzipped (N files), all Y KB (M files)". */
export function describeRendererSize(size: RendererSize): string {
  const part = (s: RendererSize['initial']) =>
    `${s.gzip.toFixed(1)} KB gzipped (${s.raw.toFixed(1)} KB raw, ${s.files} file${s.files === 1 ? '' : 's'})`;
  return `first screen ${part(size.initial)}; all chunks ${part(size.total)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? join(dirname(import.meta.dirname), 'out/renderer');
  console.log(describeRendererSize(await rendererSize(dir)));
}
