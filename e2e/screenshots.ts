/**
 * `npm run screenshots`: PNGs of the main screens, in light and dark, English and Korean, into docs/screenshots/.
 * Each set is a real session in Chromium on the end-to-end harness: the subject (the person photographed) goes
 * through the first run, hosts a room, and others join, talk, ask for a 1:1 and send files. The secure-rooms states
 * are real too: the subject's room verified by its code, a plain-text member (unencrypted), a member who comes back
 * on another install (new device), the hosting panel with its room code beside the join form with a code, then a
 * headless room joined for the first time (first use), again (pinned), and once its identity changed (the dialog).
 * Only the "not encrypted" header is staged (support/stage-security.ts says why). In en-light and ko-dark, the
 * room with a 1:1 is also shot at 640×480, 800×600 and 1920×1080, and a guest's view of the room once the host
 * closed it.
 *
 *   tsx e2e/screenshots.ts [outDir]
 */
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { ClientSession } from '../main/client/session.js';
import { createRoomServer, type RoomServer } from '../main/gateway/server.js';
import { createIdentity } from '../main/security/identity.js';
import { randomFile, sparseFile } from './support/files.js';
import { freePort } from '../main/free-port.js';
import { startHarness } from './support/harness.js';
import { ensureRendererBuilt, ROOT } from './support/renderer-build.js';
import { startSlowLink } from './support/slow-link.js';
import { stageSecurity, type SecurityStage } from './support/stage-security.js';
import type { User } from './support/user.js';

type Language = 'en' | 'ko';
type Theme = 'light' | 'dark';

const CAST = {
  en: { subject: 'alice', bob: 'bob', carol: 'carol', dave: 'dave', room: 'Design team' },
  ko: { subject: '지민', bob: '서준', carol: '하윤', dave: '도윤', room: '디자인팀 사랑방' },
} as const;

const LINES = {
  en: {
    bobHello: 'Morning all! The new slides are in the shared folder.',
    subjectReply: 'Thanks! I will go through them before lunch 🙌',
    carolLink: 'Meeting notes: https://example.com/notes',
    carolWhisper: 'psst — lunch at 12?',
    bobAway: 'back at 2pm',
  },
  ko: {
    bobHello: '좋은 아침이에요! 새 발표 자료를 공유 폴더에 올렸어요.',
    subjectReply: '고마워요! 점심 전에 확인할게요 🙌',
    carolLink: '회의록: https://example.com/notes',
    carolWhisper: '쉿 — 12시에 점심 어때요?',
    bobAway: '2시에 돌아와요',
  },
} as const;

/** Window sizes the room-with-a-1:1 is also shot at (1280×800 is `room-dm`), in the layout sets only. */
const LAYOUT_SIZES = [
  [640, 480],
  [800, 600],
  [1920, 1080],
] as const;

/** The sets that also show the layout at other sizes and the closed room: few files, both languages and themes. */
function layoutSet(language: Language, theme: Theme): boolean {
  return (language === 'en' && theme === 'light') || (language === 'ko' && theme === 'dark');
}

async function shoot(user: User, outDir: string, screen: string, language: Language, theme: Theme): Promise<void> {
  await user.page.evaluate(
    () => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  await user.page.mouse.move(1, 1); // no hover left over from the last click
  const path = join(outDir, `${screen}-${language}-${theme}.png`);
  await user.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  console.log(`  ${path}`);
}

/** The room verified by its code with marked members (wide and narrow), its header, and the staged "not encrypted" header. */
async function shootSecurity(
  subject: User,
  stage: SecurityStage,
  outDir: string,
  language: Language,
  theme: Theme,
): Promise<void> {
  const t = subject.t;
  await subject.page.getByText(t.badgeUnencrypted).first().waitFor();
  await subject.page.getByText(t.badgeNewDevice).first().waitFor();
  await subject.page.getByRole('img', { name: new RegExp(escape(t.secVerified)) }).waitFor();
  await shoot(subject, outDir, 'room-secure', language, theme);
  await shootHeader(subject, outDir, 'code', language, theme);
  stage.show({ encrypted: false });
  await subject.page.getByRole('img', { name: t.secNone, exact: true }).waitFor();
  await shootHeader(subject, outDir, 'none', language, theme);
  stage.restore();
  await subject.page.getByRole('img', { name: new RegExp(escape(t.secVerified)) }).waitFor();
  await subject.page.setViewportSize({ width: 900, height: 680 });
  await shoot(subject, outDir, 'room-secure-narrow', language, theme);
  await subject.page.setViewportSize({ width: 1280, height: 800 });
}

/** The room header alone, in the lock state it shows now. */
async function shootHeader(subject: User, outDir: string, name: string, language: Language, theme: Theme) {
  await subject.page.mouse.move(1, 1);
  const path = join(outDir, `header-${name}-${language}-${theme}.png`);
  await subject.page.locator('header').first().screenshot({ path, animations: 'disabled', caret: 'hide' });
  console.log(`  ${path}`);
}

/** A plain-text member (like `nc`): unencrypted, shown so in the member list. */
async function plainTextMember(port: number, nick: string): Promise<() => void> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.on('data', () => undefined);
  socket.write(`/login ${nick}\n`);
  return () => socket.destroy();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function shootSet(outDir: string, language: Language, theme: Theme): Promise<void> {
  const cast = CAST[language];
  const lines = LINES[language];
  const world = await startHarness();
  try {
    const work = join(world.tmp, 'files');
    let stage: SecurityStage | undefined;
    const subject = await world.user('subject', {
      language,
      theme,
      beforeLoad: async (page) => {
        stage = await stageSecurity(page);
      },
    });
    const t = subject.t;

    // First run: the page starts in the OS language; the person picks theirs.
    await subject.page.getByRole('radio', { name: language === 'ko' ? '한국어' : 'English' }).click();
    await subject.page.getByRole('heading', { name: t.welcomeTitle }).waitFor();
    await subject.page.getByLabel(t.nickname).fill(cast.subject);
    await shoot(subject, outDir, 'first-run', language, theme);
    await subject.page.getByRole('button', { name: t.getStarted }).click();
    await subject.page.getByRole('heading', { name: t.hostTitle }).waitFor();
    await subject.page.getByRole('form', { name: t.hostTitle }).getByLabel(t.roomName).fill(cast.room);
    await shoot(subject, outDir, 'home', language, theme);

    const port = await freePort();
    await subject.hostRoom(port, cast.room);
    // bob was here before from another install (another key): when he comes back, he is a new device.
    const oldBob = new ClientSession({ host: '127.0.0.1', port, nick: cast.bob, reconnect: false });
    await oldBob.connect();
    await subject.person(cast.bob).waitFor();
    await oldBob.close();
    await subject.person(cast.bob).waitFor({ state: 'detached' });
    world.onClose(await plainTextMember(port, cast.dave));
    await subject.person(cast.dave).waitFor();
    const bob = await world.user('bob', { nickname: cast.bob, language, theme });
    const carol = await world.user('carol', { nickname: cast.carol });
    await bob.joinRoom(port);
    const link = await startSlowLink(port, 1024 * 1024); // carol's files arrive slowly: the transfers panel shows progress
    world.onClose(() => link.close());
    await carol.joinRoom(link.port);
    await subject.person(cast.carol).waitFor();

    await bob.send(lines.bobHello);
    await subject.sees(lines.bobHello);
    await subject.send(lines.subjectReply);
    await carol.send(lines.carolLink);
    await carol.send(`/to ${cast.subject} ${lines.carolWhisper}`);
    await subject.sees(lines.carolWhisper);
    await bob.send(`/sleep ${lines.bobAway}`);
    await subject.person(cast.bob, t.statusAway).or(subject.person(cast.bob, lines.bobAway)).first().waitFor();
    await subject.roomComposer.click();
    await shoot(subject, outDir, 'room', language, theme);

    await shootSecurity(subject, stage!, outDir, language, theme);

    await bob.send('/wakeup');
    await bob.personAction(cast.subject, 'askDm').click();
    const request = subject.dialog(t.dmRequestTitle);
    await request.waitFor();
    await shoot(subject, outDir, 'dm-request', language, theme);
    await request.getByRole('button', { name: t.accept }).click();
    await subject.dmLog(cast.bob).waitFor();
    await bob.send(
      language === 'ko' ? '잠깐 따로 얘기할 수 있을까요?' : 'Got a minute to talk about the budget?',
      bob.dmComposer,
    );
    await subject.send(language === 'ko' ? '네, 물론이죠.' : 'Sure, go ahead.', subject.dmComposer);
    await subject.sees(language === 'ko' ? '네, 물론이죠.' : 'Sure, go ahead.', subject.dmLog(cast.bob));
    await shoot(subject, outDir, 'room-dm', language, theme);
    if (layoutSet(language, theme)) {
      // The same moment at other window sizes: the 1:1 and the people list open over the room below 1100 px.
      for (const [width, height] of LAYOUT_SIZES) {
        await subject.page.setViewportSize({ width, height });
        await subject.dmComposer.waitFor();
        await shoot(subject, outDir, `room-dm-${width}x${height}`, language, theme);
      }
      await subject.page.setViewportSize({ width: 1280, height: 800 });
    }
    await subject.page.getByRole('button', { name: t.dmEnd }).click();
    await subject.dmLog(cast.bob).waitFor({ state: 'detached' });

    const slides = await randomFile(work, language === 'ko' ? '발표자료.pdf' : 'slides.pdf', 2_400_000);
    const photo = await randomFile(work, 'team-photo.jpg', 850_000);
    await bob.dropFilesOn(cast.subject, [slides, photo]);
    const offer = subject.dialog(t.offerTitle);
    await offer.waitFor();
    await shoot(subject, outDir, 'file-offer', language, theme);
    await offer.getByRole('button', { name: t.accept }).click();

    const video = await sparseFile(
      work,
      language === 'ko' ? '워크숍-영상.mp4' : 'workshop-video.mp4',
      300 * 1024 * 1024,
    );
    await subject.queueFilePick([video]);
    await subject.personAction(cast.carol, 'sendFiles').click();
    await carol.dialog('Incoming files').getByRole('button', { name: 'Accept' }).click();
    await subject.openTransfers();
    await subject.transfer('team-photo.jpg', t.t_verified).waitFor();
    await subject.page.getByRole('progressbar').first().waitFor();
    await subject.page.getByText(/\/s/).first().waitFor();
    await shoot(subject, outDir, 'transfers', language, theme);

    // Back home while still hosting: the hosting panel with its room code, and the join form with a code.
    await subject.leaveRoom();
    const code = (await subject.page
      .getByText(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/)
      .first()
      .textContent())!.trim();
    const joinForm = subject.page.getByRole('form', { name: t.joinTitle });
    await joinForm.getByLabel(t.hostAddress).fill(`192.168.0.12:${port}`);
    await joinForm.getByRole('textbox', { name: new RegExp(t.joinCode) }).fill(code);
    await shoot(subject, outDir, 'home-hosting', language, theme);
    if (layoutSet(language, theme)) {
      // The host stops the room: a guest sees it closed, with the way home and the way back in.
      await subject.page.getByRole('button', { name: t.stopHosting }).click();
      await subject.dialog(t.stopConfirmTitle).getByRole('button', { name: t.stop, exact: true }).click();
      await bob.page.getByRole('heading', { name: bob.t.roomClosedTitle }).waitFor();
      await shoot(bob, outDir, 'room-closed', language, theme);
    }

    // Another room, joined for the first time (first use), then again (pinned), then with another identity.
    let other: RoomServer = createRoomServer({ roomName: cast.room, identity: await createIdentity('before') });
    world.onClose(() => other.close());
    const { port: otherPort } = await other.listen(0, '127.0.0.1');
    const joinOther = async (): Promise<void> => {
      await joinForm.getByLabel(t.hostAddress).fill(`127.0.0.1:${otherPort}`);
      await joinForm.getByRole('textbox', { name: new RegExp(t.joinCode) }).fill('');
      await joinForm.getByRole('button', { name: t.join, exact: true }).click();
    };
    const leave = (): Promise<void> => subject.leaveRoom();
    for (const [name, text] of [
      ['first-use', t.secFirstUse],
      ['pinned', t.secPinned],
    ] as const) {
      await joinOther();
      await subject.page.getByRole('img', { name: new RegExp(escape(text)) }).waitFor();
      await shootHeader(subject, outDir, name, language, theme);
      await leave();
    }
    await other.close();
    other = createRoomServer({ roomName: cast.room, identity: await createIdentity('after') });
    await other.listen(otherPort, '127.0.0.1');
    await joinOther();
    await subject.dialog(t.identityChangedTitle).waitFor();
    await shoot(subject, outDir, 'identity-changed', language, theme);
    await subject.page.setViewportSize({ width: 760, height: 720 });
    await shoot(subject, outDir, 'identity-changed-narrow', language, theme);
  } finally {
    await world.close();
  }
}

const outDir = resolve(process.argv[2] ?? join(ROOT, 'docs/screenshots'));
await mkdir(outDir, { recursive: true });
await ensureRendererBuilt();
for (const language of ['en', 'ko'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    console.log(`${language} ${theme}`);
    await shootSet(outDir, language, theme);
  }
}
