/**
 * `npm run screenshots`: PNGs of the main screens, in light and dark, English and Korean, into docs/screenshots/.
 * Each set is a real session in Chromium on the end-to-end harness: the subject (the person photographed) goes
 * through the first run, hosts a room, and two others join, talk, ask for a 1:1 and send files. Then the secure-rooms
 * states: the room header's lock states (whole room, and the header alone for each state, also at a narrow size),
 * members marked unencrypted / new device, the hosting panel with its room code beside the join form with a code,
 * and the changed-identity dialog. Lock states, member marks and the changed identity are staged on the subject's
 * page (support/stage-security.ts) where the session does not report them itself.
 *
 *   tsx e2e/screenshots.ts [outDir]
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomFile, sparseFile } from './support/files.js';
import { freePort } from './support/free-port.js';
import { startHarness } from './support/harness.js';
import { ensureRendererBuilt, ROOT } from './support/renderer-build.js';
import { startSlowLink } from './support/slow-link.js';
import { stageSecurity, type SecurityStage } from './support/stage-security.js';
import type { User } from './support/user.js';

type Language = 'en' | 'ko';
type Theme = 'light' | 'dark';

const CAST = {
  en: { subject: 'alice', bob: 'bob', carol: 'carol', room: 'Design team' },
  ko: { subject: '지민', bob: '서준', carol: '하윤', room: '디자인팀 사랑방' },
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

async function shoot(user: User, outDir: string, screen: string, language: Language, theme: Theme): Promise<void> {
  await user.page.evaluate(
    () => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  await user.page.mouse.move(1, 1); // no hover left over from the last click
  const path = join(outDir, `${screen}-${language}-${theme}.png`);
  await user.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  console.log(`  ${path}`);
}

/** The room with a lock state and marked members, then the header alone in each lock state, wide and narrow. */
async function shootSecurity(
  subject: User,
  stage: SecurityStage,
  outDir: string,
  language: Language,
  theme: Theme,
  cast: { bob: string; carol: string },
): Promise<void> {
  const t = subject.t;
  const hostCode = (await subject.page
    .getByText(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/)
    .first()
    .textContent())!.trim();
  stage.markUsers({ [cast.carol]: { secure: false }, [cast.bob]: { newDevice: true } });
  stage.setSecurity({ encrypted: true, hostCode, verified: 'code' });
  await subject.page.getByText(t.badgeUnencrypted).first().waitFor();
  await subject.page.getByRole('img', { name: new RegExp(escape(t.secVerified)) }).waitFor();
  await shoot(subject, outDir, 'room-secure', language, theme);
  const header = subject.page.locator('header').first();
  const states = [
    ['code', { encrypted: true, hostCode, verified: 'code' }, t.secVerified],
    ['pinned', { encrypted: true, hostCode, verified: 'pinned' }, t.secPinned],
    ['first-use', { encrypted: true, hostCode, verified: 'first-use' }, t.secFirstUse],
    ['none', { encrypted: false }, t.secNone],
  ] as const;
  for (const [name, security, text] of states) {
    stage.setSecurity(security);
    await subject.page.getByRole('img', { name: new RegExp(escape(text)) }).waitFor();
    await subject.page.mouse.move(1, 1);
    const path = join(outDir, `header-${name}-${language}-${theme}.png`);
    await header.screenshot({ path, animations: 'disabled', caret: 'hide' });
    console.log(`  ${path}`);
  }
  stage.setSecurity({ encrypted: true, hostCode, verified: 'first-use' });
  await subject.page.setViewportSize({ width: 900, height: 680 });
  await subject.page.getByRole('img', { name: new RegExp(escape(t.secFirstUse)) }).waitFor();
  await shoot(subject, outDir, 'room-secure-narrow', language, theme);
  await subject.page.setViewportSize({ width: 1280, height: 800 });
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
    const bob = await world.user('bob', { nickname: cast.bob });
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

    await shootSecurity(subject, stage!, outDir, language, theme, { bob: cast.bob, carol: cast.carol });

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
    await subject.page.getByRole('button', { name: t.leaveRoom }).click();
    await subject.page.getByRole('heading', { name: t.joinTitle }).waitFor();
    const code = (await subject.page
      .getByText(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/)
      .first()
      .textContent())!.trim();
    const joinForm = subject.page.getByRole('form', { name: t.joinTitle });
    await joinForm.getByLabel(t.hostAddress).fill(`192.168.0.12:${port}`);
    await joinForm.getByRole('textbox', { name: new RegExp(t.joinCode) }).fill(code);
    await shoot(subject, outDir, 'home-hosting', language, theme);

    stage!.failNextJoin({
      code: 'identity_changed',
      message: 'The room identity changed.',
      details: { oldCode: 'Q4TN-8ZKW-1RBE-6MHC-J0VA', newCode: code },
    });
    await joinForm.getByRole('button', { name: t.join, exact: true }).click();
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
