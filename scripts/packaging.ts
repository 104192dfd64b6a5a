// Helpers for the packaging tests: electron-builder.yml, its schema, its `files` globs and the built output.
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { initSync, parse as parseModule } from 'es-module-lexer';
import { Minimatch } from 'minimatch';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('..', import.meta.url));

export type BuilderConfig = Record<string, unknown> & { files?: string[]; electronFuses?: Record<string, boolean> };

export async function loadBuilderConfig(): Promise<BuilderConfig> {
  return parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** The JSON schema shipped with the electron-builder this project depends on. */
export async function loadBuilderSchema(): Promise<object> {
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  return JSON.parse(await readFile(fromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
}

/** Schema errors as "path message" lines; empty when valid. Same Ajv settings as electron-builder, minus coercion. */
export function schemaErrors(schema: object, config: unknown): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (validate(config)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/**
 * Whether electron-builder would pack a file (path relative to the project, '/'-separated), following its
 * `files` semantics: dot files match, patterns apply in order, and a later `!pattern` excludes.
 */
export function filesFilter(patterns: readonly string[]): (path: string) => boolean {
  const matchers = patterns.map((p) => new Minimatch(p, { dot: true }));
  return (path) => {
    let included = false;
    for (const m of matchers) {
      if (included !== m.negate) continue;
      included = m.match(path);
    }
    return included;
  };
}

/** Every file under dir, as '/'-separated paths relative to it. Never descends into the named top-level folders. */
export async function listFiles(dir: string, skip: readonly string[] = []): Promise<string[]> {
  const files: string[] = [];
  for (const top of await readdir(dir, { withFileTypes: true })) {
    if (skip.includes(top.name)) continue;
    if (top.isFile()) files.push(top.name);
    if (!top.isDirectory()) continue;
    const inside = await readdir(join(dir, top.name), { recursive: true, withFileTypes: true });
    for (const e of inside) if (e.isFile()) files.push(relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return files;
}

/**
 * Module specifiers a bundled file loads. ES modules go through es-module-lexer (so text inside strings is never
 * mistaken for an import); CommonJS files (.cjs, the sandboxed preload) are scanned for require() calls.
 */
export function importSpecifiers(js: string, path: string): string[] {
  if (path.endsWith('.cjs'))
    return [...new Set([...js.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
  initSync();
  const [imports] = parseModule(js, path);
  return [...new Set(imports.map((i) => i.n).filter((n): n is string => n !== undefined))];
}

/** The package a bare specifier names ('@scope/pkg/sub' → '@scope/pkg'), or null for relative/builtin ones. */
export function externalPackage(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  if (builtinModules.includes(specifier.split('/')[0] ?? '')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
