/**
 * PNGs of the home screen's "Rooms on this network" at 640×480 (one column, the list first), 800×600 and 1280×800, in English and Korean, light and dark:
 * the real app in Chromium with a scripted room finder (fixed rooms, nothing sent on the network; the real finder is
 * tested inside network namespaces by discovery.test.ts).
 *
 *   tsx e2e/rooms-nearby-screenshots.ts [outDir]    (default: /tmp/sarangbang-rooms-shots)
 */
import { FIXTURE_ROOMS, fixtureFinder } from './support/fixture-rooms.js';
import { startHarness } from './support/harness.js';
import { shootEveryLook, shootSizes } from './support/shoot.js';

async function shootSet(outDir: string, language: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  const world = await startHarness({ finder: fixtureFinder(FIXTURE_ROOMS[language]) });
  try {
    const me = await world.user('me', { nickname: language === 'ko' ? '서준' : 'bob', language, theme });
    await me.page.getByRole('list', { name: me.t.nearbyTitle }).getByRole('button').first().waitFor();
    await shootSizes(me.page, outDir, 'rooms-nearby', { language, theme }, [
      [640, 480],
      [800, 600],
      [1280, 800],
    ]);
  } finally {
    await world.close();
  }
}

await shootEveryLook('/tmp/sarangbang-rooms-shots', shootSet);
