/**
 * PNGs of the home screen with a many-room host, at 640×480 (one column) and 1280×800, in English and Korean, light
 * and dark: a real many-room server on 127.0.0.1 with people in some rooms, the join form after its address was typed
 * (the host's rooms, the default chosen, a password room's key), and, in "Rooms on this network", the same host opened
 * to its rooms (a scripted finder lists it, as if announced; its rooms are asked of the real server).
 *
 *   tsx e2e/many-rooms-screenshots.ts [outDir]    (default: /tmp/sarangbang-many-rooms-shots)
 */
import { createHash } from 'node:crypto';
import { ClientSession } from '../main/client/session.js';
import type { FoundRoom } from '../main/discovery/types.js';
import { startRoomHost } from '../main/host/start-room-host.js';
import { roomCode } from '../main/security/room-code.js';
import { fixtureFinder } from './support/fixture-rooms.js';
import { freePort } from '../main/free-port.js';
import { startHarness } from './support/harness.js';
import { shootEveryLook, shootSizes } from './support/shoot.js';

const ROOMS = {
  en: {
    rooms: ['Lobby', 'Design', 'Math-club', 'Thesis-help'],
    people: { Lobby: ['mina', 'joon'], Design: ['sora', 'hyun', 'tae'], 'Math-club': ['yuna'] },
    password: 'Thesis-help',
    typed: 'Reading-group',
  },
  ko: {
    rooms: ['로비', '디자인팀', '수학동아리', '논문-도움방'],
    people: { 로비: ['mina', 'joon'], 디자인팀: ['sora', 'hyun', 'tae'], 수학동아리: ['yuna'] },
    password: '논문-도움방',
    typed: '독서모임',
  },
} as const;

async function shootSet(outDir: string, language: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  const cast = ROOMS[language];
  const port = await freePort();
  const host = await startRoomHost({
    port,
    host: '127.0.0.1',
    maxUsers: 40,
    allowNewRooms: true,
    rooms: cast.rooms.map((name) => (name === cast.password ? { name, password: 'pw', maxUsers: 12 } : { name })),
  });
  const sessions: ClientSession[] = [];
  const fingerprint = createHash('sha256').update('many-rooms').digest('hex');
  const announced: FoundRoom = {
    id: `${fingerprint}@127.0.0.1:${port}`,
    name: cast.rooms[0],
    protocol: 1,
    people: 6,
    maxUsers: 40,
    passwordRequired: false,
    plainAllowed: true,
    fingerprint,
    host: '127.0.0.1',
    port,
    addresses: ['127.0.0.1'],
    roomCode: roomCode(fingerprint),
    via: 'mdns',
    lastSeen: Date.now(),
    rooms: { count: cast.rooms.length, allowNew: true },
  };
  const world = await startHarness({ finder: fixtureFinder([announced]) });
  try {
    for (const [room, nicks] of Object.entries(cast.people))
      for (const nick of nicks) {
        const session = new ClientSession({ host: '127.0.0.1', port, nick, room, reconnect: false });
        await session.connect();
        sessions.push(session);
      }
    const me = await world.user('me', { nickname: language === 'ko' ? '서준' : 'bob', language, theme });
    const { t } = me;
    const form = me.page.getByRole('form', { name: t.joinTitle });
    await form.getByLabel(t.hostAddress).fill(`127.0.0.1:${port}`);
    const choice = form.getByRole('group', { name: new RegExp(`^${t.room}`) });
    await choice.waitFor();
    // The host entry in "Rooms on this network", opened to its rooms.
    await me.page.getByRole('button', { name: new RegExp(`${t.roomCount(cast.rooms.length)}$`) }).click();
    await me.page.getByRole('list', { name: t.nearbyShowRooms(cast.rooms[0]) }).waitFor();
    // The room choice in view, the opened host entry above it.
    await choice.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await shootSizes(me.page, outDir, 'join-rooms', { language, theme }, [[1280, 800]]);
    // One column: the join form with the room choice in view.
    await me.page.setViewportSize({ width: 640, height: 480 });
    await choice.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await shootSizes(me.page, outDir, 'join-rooms', { language, theme }, [[640, 480]]);
    // A new room's name, typed.
    await choice.getByRole('textbox').fill(cast.typed);
    await me.page.setViewportSize({ width: 1280, height: 800 });
    await choice.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await shootSizes(me.page, outDir, 'join-new-room', { language, theme }, [[1280, 800]]);
  } finally {
    for (const session of sessions) await session.close().catch(() => undefined);
    await world.close();
    await host.close();
  }
}

await shootEveryLook('/tmp/sarangbang-many-rooms-shots', shootSet);
