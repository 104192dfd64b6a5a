/**
 * PNGs of file cards in the conversation, seen by the receiver: a received image verified with its thumbnail, a
 * file on its way (progress bar; the receiver is behind a slow link) and an offer waiting for an answer, at 800×600
 * and 1280×800, in English and Korean, light and dark: a real session in Chromium on the end-to-end harness.
 *
 *   tsx e2e/file-card-screenshots.ts [outDir]    (default: /tmp/sarangbang-card-shots)
 */
import { join } from 'node:path';
import { sparseFile } from './support/files.js';
import { freePort } from '../main/free-port.js';
import { startHarness } from './support/harness.js';
import { pngFile } from './support/png.js';
import { shootEveryLook, shootSizes } from './support/shoot.js';
import { startSlowLink } from './support/slow-link.js';
import type { User } from './support/user.js';

const LINES = {
  en: {
    room: 'Design team',
    sender: 'alice',
    me: 'bob',
    photo: 'sunset.png',
    video: 'demo-recording.mp4',
    doc: 'slides-v3.pdf',
    notes: 'speaker-notes.txt',
    hello: 'The photo from yesterday, and the demo video',
  },
  ko: {
    room: '디자인팀 사랑방',
    sender: '지민',
    me: '서준',
    photo: '노을.png',
    video: '데모 녹화.mp4',
    doc: '발표자료 v3.pdf',
    notes: '발표 메모.txt',
    hello: '어제 사진이랑 데모 영상이에요',
  },
} as const;

async function send(from: User, to: string, ...paths: string[]): Promise<void> {
  await from.queueFilePick(paths);
  await from.page.getByRole('button', { name: from.t.sendFiles, exact: true }).click();
  const chooser = from.page.getByRole('dialog', { name: from.t.sendFiles });
  await chooser.getByRole('checkbox', { name: to }).check();
  await chooser.getByRole('button', { name: from.t.chooseFiles }).click();
}

async function shootSet(outDir: string, language: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  const lines = LINES[language];
  const world = await startHarness();
  try {
    const sender = await world.user('sender', { nickname: lines.sender, language, theme });
    const me = await world.user('me', { nickname: lines.me, language, theme });
    const port = await freePort();
    await sender.hostRoom(port, lines.room);
    const link = await startSlowLink(port, 400 * 1024);
    world.onClose(() => link.close());
    await me.joinRoom(link.port);
    await sender.person(lines.me).waitFor();
    await sender.send(lines.hello);
    const files = join(world.tmp, 'files');
    const card = (name: string) => me.roomLog.getByRole('article', { name: me.t.cardLabel(lines.sender, name) });
    const answer = async (name: string, accept: boolean) => {
      const offer = me.dialog(me.t.offerTitle);
      await offer.getByRole('button', { name: me.t.later }).click();
      await offer.waitFor({ state: 'detached' });
      if (accept) await card(name).getByRole('button', { name: me.t.accept }).click();
    };

    await send(sender, lines.me, await pngFile(files, lines.photo, 480, 300));
    await answer(lines.photo, true);
    await card(lines.photo).getByText(me.t.t_verified).waitFor();
    await card(lines.photo)
      .getByRole('img')
      .evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());

    await send(sender, lines.me, await sparseFile(files, lines.video, 80 * 1024 * 1024));
    await answer(lines.video, true);
    await card(lines.video).getByRole('progressbar').waitFor();
    const docs = [await sparseFile(files, lines.doc, 2_400_000), await sparseFile(files, lines.notes, 18_000)];
    await send(sender, lines.me, ...docs);
    await answer(`${lines.doc}, ${lines.notes}`, false);
    await card(`${lines.doc}, ${lines.notes}`).getByRole('button', { name: me.t.accept }).waitFor();

    await shootSizes(me.page, outDir, 'file-cards', { language, theme }, [
      [800, 600],
      [1280, 800],
    ]);
  } finally {
    await world.close();
  }
}

await shootEveryLook('/tmp/sarangbang-card-shots', shootSet);
