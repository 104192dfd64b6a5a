/** Shared by the screenshot scripts: one page at several window sizes, and every language × theme into one folder. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureRendererBuilt } from './renderer-build.js';

export type Language = 'en' | 'ko';
export type Theme = 'light' | 'dark';

/** Saves `<name>-<width>x<height>-<language>-<theme>.png` for each size, with the pointer out of the way. */
export async function shootSizes(
  page: Page,
  outDir: string,
  name: string,
  look: { language: Language; theme: Theme },
  sizes: ReadonlyArray<readonly [number, number]>,
  settleMs = 400,
): Promise<void> {
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    await page.mouse.move(1, 1);
    await page.waitForTimeout(settleMs);
    const path = join(outDir, `${name}-${width}x${height}-${look.language}-${look.theme}.png`);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    console.log(`  ${path}`);
  }
}

/** Runs `shootSet` for every language and theme into the folder named by the script's argument (else `defaultDir`). */
export async function shootEveryLook(
  defaultDir: string,
  shootSet: (outDir: string, language: Language, theme: Theme) => Promise<void>,
): Promise<void> {
  const outDir = resolve(process.argv[2] ?? defaultDir);
  await mkdir(outDir, { recursive: true });
  await ensureRendererBuilt();
  for (const language of ['en', 'ko'] as const)
    for (const theme of ['light', 'dark'] as const) await shootSet(outDir, language, theme);
}
