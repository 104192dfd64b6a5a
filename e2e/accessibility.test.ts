/**
 * axe-core on every screen and state a person reaches, in real Chromium against real hosts, in English and Korean,
 * each state in the light and the dark theme: first run, home (and its settings, a join error), the room as host and
 * guest, command completion, the stop-hosting confirmation, "Send files", search, an incoming 1:1 request, the room
 * with a 1:1 open, a file offer, the transfers panel, the away banner, room settings, a message the room refused, the
 * reconnecting banner, home while hosting, the join form with a room code, and a room whose identity changed. Any
 * violation fails with the list of rules and elements.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoomServer } from '../main/gateway/server.js';
import { createIdentity } from '../main/security/identity.js';
import { axeFindings, formatFindings, type AxeExemption } from './support/axe.js';
import { randomFile } from './support/files.js';
import { FIXTURE_ROOMS, fixtureFinder } from './support/fixture-rooms.js';
import { freePort } from '../main/free-port.js';
import { startHarness } from './support/harness.js';
import { startSlowLink } from './support/slow-link.js';
import { inWorld, ROOM_NAME } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

type Language = 'en' | 'ko';

/** Collects every screen's violations so one run reports them all, then fails once with the full list. */
class Audit {
  readonly reports: string[] = [];
  screens = 0;

  constructor(private readonly language: Language) {}

  /**
   * Checks the state on screen in both themes. The stylesheet keys every colour on <html data-theme>, which is all
   * the theme setting changes, so flipping that attribute shows this very state in the other theme.
   */
  async check(user: User, screen: string): Promise<void> {
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(user, theme);
      const findings = await axeFindings(user.page, composerExemptions(user));
      this.screens++;
      if (findings.length > 0) this.reports.push(formatFindings(`${screen} (${this.language}, ${theme})`, findings));
    }
    await setTheme(user, 'light');
  }
}

/**
 * The composer's suggestion list scrolls, and axe wants a scrolling region reachable by Tab unless it is a combobox's
 * popup. It is the popup of the message box, which a <textarea> cannot declare (no role is allowed on it): the box
 * drives the list with Up/Down through aria-activedescendant and the chosen option scrolls into view (the keyboard
 * test proves it), so the list needs no Tab stop of its own.
 */
function composerExemptions(user: User): AxeExemption[] {
  return [
    {
      rule: 'scrollable-region-focusable',
      selector: `ul[role="listbox"][aria-label="${user.t.suggestions}"]`,
      why: 'the message box drives it with the arrow keys (aria-activedescendant)',
    },
  ];
}

/** Shows the page in a theme and waits out the colour transitions (axe would otherwise measure a colour mid-way). */
async function setTheme(user: User, theme: 'light' | 'dark'): Promise<void> {
  await user.page.evaluate(async (value) => {
    const page = globalThis as unknown as {
      document: {
        documentElement: { dataset: Record<string, string> };
        getAnimations(): { finished: Promise<unknown> }[];
      };
      CSSTransition: new () => unknown;
    };
    page.document.documentElement.dataset.theme = value;
    const transitions = page.document.getAnimations().filter((animation) => animation instanceof page.CSSTransition);
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  }, theme);
}

/**
 * Leave room, answering a confirmation when the app asks for one (audited when `audit` is given): its confirming
 * button is the dialog's last, as in every confirmation of the app.
 */
async function leaveRoom(user: User, audit?: Audit): Promise<void> {
  await user.page.getByRole('button', { name: user.t.leaveRoom }).click();
  const home = user.page.getByRole('heading', { name: user.t.joinTitle });
  const confirm = user.page.getByRole('alertdialog');
  await home.or(confirm).first().waitFor();
  if (await confirm.isVisible()) {
    await audit?.check(user, 'leave confirmation');
    await confirm.getByRole('button').last().click();
  }
  await home.waitFor();
}

async function auditEveryScreen(language: Language): Promise<void> {
  await inWorld(async (world) => {
    const audit = new Audit(language);
    const options = { language, theme: 'light' as const };

    const newcomer = await world.user('newcomer', options);
    await newcomer.page.getByRole('heading', { name: newcomer.t.welcomeTitle }).waitFor();
    await audit.check(newcomer, 'first run');
    await newcomer.close();

    const alice = await world.user('alice', { nickname: 'alice', ...options });
    const t = alice.t;
    await alice.page.getByRole('heading', { name: t.hostTitle }).waitFor();
    await audit.check(alice, 'home');
    await alice.page.getByRole('button', { name: t.settings }).click();
    await alice.page.getByRole('dialog', { name: t.settingsTitle }).waitFor();
    await audit.check(alice, 'settings from home');
    await alice.page.keyboard.press('Escape');
    const joinForm = alice.page.getByRole('form', { name: t.joinTitle });
    await joinForm.getByLabel(t.hostAddress).fill('not an address');
    await joinForm.getByRole('button', { name: t.join, exact: true }).click();
    await joinForm.locator('[aria-invalid="true"]').first().waitFor();
    await audit.check(alice, 'join form with an error');
    await joinForm.getByLabel(t.hostAddress).fill('');

    const port = await freePort();
    await alice.hostRoom(port, ROOM_NAME);
    const bob = await world.user('bob', { nickname: 'bob', ...options });
    const carol = await world.user('carol', { nickname: 'carol', ...options });
    await bob.joinRoom(port);
    await carol.joinRoom(port);
    for (const user of [alice, bob, carol])
      for (const other of ['alice', 'bob', 'carol']) await user.person(other).waitFor();
    await bob.send('hello from bob');
    await alice.sees('hello from bob');
    await audit.check(alice, 'room, hosting');
    await audit.check(bob, 'room, guest');

    await alice.roomComposer.fill('/');
    await alice.page.getByRole('listbox').waitFor();
    await audit.check(alice, 'command completion open');
    await alice.roomComposer.fill('');

    await alice.page.getByRole('button', { name: t.stopHosting }).click();
    await alice.page.getByRole('alertdialog', { name: t.stopConfirmTitle }).waitFor();
    await audit.check(alice, 'stop hosting confirmation');
    await alice.page.getByRole('button', { name: t.cancel }).click();

    await alice.page.getByRole('button', { name: t.sendFiles, exact: true }).first().click();
    await alice.page.getByRole('dialog', { name: t.sendFiles }).waitFor();
    await audit.check(alice, 'send files dialog');
    await alice.page.keyboard.press('Escape');

    await alice.page.getByRole('button', { name: t.search, exact: true }).click();
    const search = alice.page.getByRole('combobox', { name: t.searchLabel });
    await search.waitFor();
    await audit.check(alice, 'search panel');
    await search.fill('hello');
    await alice.page.getByRole('option').first().waitFor();
    await audit.check(alice, 'search results');
    await alice.page.getByRole('button', { name: t.closeSearch }).click();

    await alice.personAction('bob', 'askDm').click();
    const request = bob.dialog(t.dmRequestTitle);
    await request.waitFor();
    await audit.check(bob, '1:1 request');
    await request.getByRole('button', { name: t.accept }).click();
    await bob.dmLog('alice').waitFor();
    await alice.dmLog('bob').waitFor();
    await alice.send('just us', alice.dmComposer);
    await bob.sees('just us', bob.dmLog('alice'));
    await audit.check(bob, 'room with a 1:1');
    await audit.check(carol, 'room, two people in a 1:1');

    const file = await randomFile(join(world.tmp, 'alice-files'), 'notes.txt', 2048);
    await alice.queueFilePick([file]);
    await alice.personAction('carol', 'sendFiles').click();
    const offer = carol.dialog(t.offerTitle);
    await offer.getByText('notes.txt').waitFor();
    await audit.check(carol, 'file offer');
    await offer.getByRole('button', { name: t.accept }).click();
    await carol.openTransfers();
    await carol.transfer('notes.txt', t.t_verified).waitFor();
    await audit.check(carol, 'transfers panel');

    await carol.page.getByRole('button', { name: t.away, exact: true }).click();
    await carol.page.getByRole('button', { name: t.comeBack }).waitFor();
    await audit.check(carol, 'away banner');

    await alice.page.getByRole('button', { name: t.settings }).click();
    await alice.page.getByRole('dialog', { name: t.settingsTitle }).waitFor();
    await audit.check(alice, 'settings in the room');
    await alice.page.keyboard.press('Escape');

    const strict = createRoomServer({ roomName: 'Strict room', bannedWords: ['kumquat'] });
    world.onClose(() => strict.close());
    const { port: strictPort } = await strict.listen(0, '127.0.0.1');
    // dave reaches it through a link that can fail without a word from the host (then dave reconnects).
    const link = await startSlowLink(strictPort, 64 * 1024 * 1024);
    world.onClose(() => link.close());
    const dave = await world.user('dave', { nickname: 'dave', ...options });
    await dave.joinRoom(link.port);
    await dave.send('I love kumquat pie');
    await dave.roomLog.locator('[data-pending="failed"]').waitFor();
    await audit.check(dave, 'a message the room refused');
    await link.close();
    await dave.page.locator('[role="status"]').filter({ hasText: /\d/ }).first().waitFor();
    await dave.page.getByText(t.composerQueued).waitFor();
    await audit.check(dave, 'reconnecting');
    // The host closes the room: no reconnecting, a closed room with the way home and back in.
    await leaveRoom(dave);
    await dave.joinRoom(strictPort);
    await strict.close();
    await dave.page.getByRole('heading', { name: t.roomClosedTitle }).waitFor();
    await audit.check(dave, 'room closed by its host');

    // A narrow window: the More menu open, then the people list over the conversation.
    await alice.page.setViewportSize({ width: 640, height: 480 });
    await alice.page.getByRole('button', { name: t.more }).click();
    await alice.page.getByRole('menu', { name: t.more }).waitFor();
    await audit.check(alice, 'narrow room, More menu');
    await alice.page.keyboard.press('Escape');
    await alice.page.getByRole('button', { name: t.members, exact: true }).click();
    await alice.person('bob').waitFor();
    await audit.check(alice, 'narrow room, people over the conversation');
    await alice.page.keyboard.press('Escape');
    await alice.page.setViewportSize({ width: 1280, height: 800 });

    // Home while hosting (its room code), the join form holding a code, then a room whose identity changed.
    await leaveRoom(alice, audit);
    const code = (await alice.page
      .getByText(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/)
      .first()
      .textContent())!.trim();
    await audit.check(alice, 'home while hosting');
    const codeField = joinForm.getByRole('textbox', { name: new RegExp(t.joinCode) });
    await joinForm.getByLabel(t.hostAddress).fill(`127.0.0.1:${port}`);
    await codeField.fill(code);
    await audit.check(alice, 'join form with a room code');
    let other = createRoomServer({ roomName: 'Other room', identity: await createIdentity('before') });
    world.onClose(() => other.close());
    const { port: otherPort } = await other.listen(0, '127.0.0.1');
    await codeField.fill('');
    await alice.joinRoom(otherPort);
    await leaveRoom(alice);
    await other.close();
    other = createRoomServer({ roomName: 'Other room', identity: await createIdentity('after') });
    await other.listen(otherPort, '127.0.0.1');
    await joinForm.getByLabel(t.hostAddress).fill(`127.0.0.1:${otherPort}`);
    await joinForm.getByRole('button', { name: t.join, exact: true }).click();
    await alice.dialog(t.identityChangedTitle).waitFor();
    await audit.check(alice, 'identity changed dialog');

    expect(audit.screens).toBeGreaterThanOrEqual(44);
    expect(audit.reports, audit.reports.join('\n\n')).toEqual([]);
  });
}

/** Home with rooms on this network listed (a scripted finder: nothing is sent), and the join form they fill. */
async function auditRoomsOnThisNetwork(language: Language): Promise<void> {
  const world = await startHarness({ finder: fixtureFinder(FIXTURE_ROOMS[language]) });
  try {
    const audit = new Audit(language);
    const guest = await world.user('guest', { nickname: 'guest', language, theme: 'light' });
    const t = guest.t;
    const list = guest.page.getByRole('list', { name: t.nearbyTitle });
    await list.getByRole('button').first().waitFor();
    await audit.check(guest, 'home: rooms on this network');
    // A room with a password: the form is filled and asks for it.
    await list.getByRole('button', { name: new RegExp(t.nearbyPassword) }).click();
    await guest.page.getByRole('form', { name: t.joinTitle }).getByLabel(t.password, { exact: true }).waitFor();
    await audit.check(guest, 'join form filled from the list, asking for the password');
    expect(audit.reports, audit.reports.join('\n\n')).toEqual([]);
    expect(audit.screens).toBe(4);
  } finally {
    await world.close();
  }
}

describe.skipIf(E2E_SKIPPED)('accessibility (axe-core) on every screen', () => {
  it('English, light and dark', () => auditEveryScreen('en'), 240_000);
  it('Korean, light and dark', () => auditEveryScreen('ko'), 240_000);
  it('rooms on this network, English and Korean, light and dark', async () => {
    await auditRoomsOnThisNetwork('en');
    await auditRoomsOnThisNetwork('ko');
  }, 120_000);
});
