/**
 * PNGs of the home screen's "Rooms on this network" at 640×480 (one column, the list first), 800×600 and 1280×800, in English and Korean, light and dark:
 * the real app in Chromium with a scripted room finder (fixed rooms, nothing sent on the network; the real finder is
 * tested inside network namespaces by discovery.test.ts).
 *
 *   tsx e2e/rooms-nearby-screenshots.ts [outDir]    (default: /tmp/sarangbang-rooms-shots)
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FIXTURE_ROOMS, fixtureFinder } from './support/fixture-rooms.js';
import { startHarness } from './support/harness.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

async function shootSet(outDir: string, language: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  const world = await startHarness({ finder: fixtureFinder(FIXTURE_ROOMS[language]) });
  try {
    const me = await world.user('me', { nickname: language === 'ko' ? '서준' : 'bob', language, theme });
    await me.page.getByRole('list', { name: me.t.nearbyTitle }).getByRole('button').first().waitFor();
    for (const [width, height] of [
      [640, 480],
      [800, 600],
      [1280, 800],
    ] as const) {
      await me.page.setViewportSize({ width, height });
      await me.page.mouse.move(1, 1);
      await me.page.waitForTimeout(400);
      const path = join(outDir, `rooms-nearby-${width}x${height}-${language}-${theme}.png`);
      await me.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
      console.log(`  ${path}`);
    }
  } finally {
    await world.close();
  }
}

const outDir = resolve(process.argv[2] ?? '/tmp/sarangbang-rooms-shots');
await mkdir(outDir, { recursive: true });
await ensureRendererBuilt();
for (const language of ['en', 'ko'] as const)
  for (const theme of ['light', 'dark'] as const) await shootSet(outDir, language, theme);
