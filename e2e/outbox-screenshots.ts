/**
 * PNGs of a room with one of my messages failed (a banned word) and one sending (the host gone, reconnecting), at
 * 800×600 and 1280×800, in English and Korean, light and dark: a real session in Chromium on the end-to-end harness.
 *
 *   tsx e2e/outbox-screenshots.ts [outDir]    (default: /tmp/sarangbang-outbox-shots)
 */
import { createRoomServer } from '../main/gateway/server.js';
import { startHarness } from './support/harness.js';
import { shootEveryLook, shootSizes } from './support/shoot.js';

const LINES = {
  en: {
    room: 'Design team',
    you: 'alice',
    other: 'bob',
    hello: 'Is the demo still at three?',
    banned: 'The kumquat build is ready',
    queued: 'Yes, see you at three 👍',
  },
  ko: {
    room: '디자인팀 사랑방',
    you: '지민',
    other: '서준',
    hello: '데모 아직 3시에 하나요?',
    banned: '금귤 빌드 준비됐어요',
    queued: '네, 3시에 봐요 👍',
  },
} as const;

async function shootSet(outDir: string, language: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  const lines = LINES[language];
  const world = await startHarness();
  try {
    const server = createRoomServer({ roomName: lines.room, bannedWords: ['kumquat', '금귤'] });
    const { port } = await server.listen(0, '127.0.0.1');
    const me = await world.user('me', { nickname: lines.you, language, theme });
    const other = await world.user('other', { nickname: lines.other, language, theme });
    await me.joinRoom(port);
    await other.joinRoom(port);
    await me.person(lines.other).waitFor();
    await other.send(lines.hello);
    await me.sees(lines.hello);
    await me.send(lines.banned);
    await me.roomLog.locator('[data-pending="failed"]').waitFor();
    await other.close();
    await server.close();
    await me.page.getByText(me.t.composerQueued).waitFor();
    await me.send(lines.queued);
    await me.roomLog.locator('[data-pending="sending"]').waitFor();
    await shootSizes(
      me.page,
      outDir,
      'outbox',
      { language, theme },
      [
        [800, 600],
        [1280, 800],
      ],
      300,
    );
  } finally {
    await world.close();
  }
}

await shootEveryLook('/tmp/sarangbang-outbox-shots', shootSet);
