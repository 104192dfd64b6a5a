/**
 * Many rooms for plain-text clients (docs/PROTOCOL.md section 19.4) over real sockets: `/rooms` and `/join` before
 * and after `/login`, the `moved` departure the old room sees, and refused moves that leave the client where it was.
 */
import { describe, expect, it } from 'vitest';
import { TextTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ rateLimit: 'off', textGreetingMs: 100_000 });
const rooms = {
  rooms: [
    { name: 'lobby' },
    { name: 'math', maxUsers: 50 },
    { name: 'secret', password: 'pw', plainText: 'allow' as const },
  ],
};

describe('many rooms: plain-text clients', () => {
  it('/rooms lists the rooms before and after /login, marking the room you are in', async () => {
    const port = await room.start(rooms);
    const nc = room.track(await TextTestClient.connect(port));
    nc.line('/rooms');
    await nc.next('* Rooms (방 목록):');
    expect([await nc.next(/lobby/u), await nc.next(/math/u), await nc.next(/secret/u)]).toEqual([
      '*   lobby   0/100 ←',
      '*   math    0/50',
      '*   secret  0/100 (password)',
    ]);
    await nc.next('*   (3 rooms)');
    nc.line('/login ann');
    await nc.next(/채팅 서버에 접속되었습니다/u);
    nc.line('/rooms');
    await nc.next('*   lobby   1/100 ←');
  });

  it('/join before /login chooses the room /login enters (with its password)', async () => {
    const port = await room.start(rooms);
    const ann = await room.login(port, 'ann', 'pw', 'secret');
    const nc = room.track(await TextTestClient.connect(port));
    nc.line('/join MATH');
    await nc.next('* /login 하면 [math] 방에 들어갑니다. (/login will enter math.)');
    nc.line('/join secret pw');
    await nc.next('* /login 하면 [secret] 방에 들어갑니다. (/login will enter secret.)');
    nc.line('/login bob');
    await nc.next('* [bob] 채팅 서버에 접속되었습니다. (Welcome, bob! 2 here; /help lists commands.)');
    expect(await ann.nextOf('joined')).toMatchObject({ user: { nick: 'bob' } });
    nc.line('/join nowhere');
    await nc.next(/\(no_such_room\)$/u);
  });

  it('/join after /login moves with the same nickname; the old room sees "moved"; a refused move stays', async () => {
    const port = await room.start(rooms);
    const watcher = await room.login(port, 'cleo');
    const mathie = await room.text(port, 'dan');
    mathie.line('/join math');
    await mathie.next(/Welcome, dan! 1 here/u);
    const lobbyNc = await room.text(port, 'eve');
    const ann = await room.text(port, 'ann');
    expect(await watcher.nextOf('left')).toMatchObject({ nick: 'dan', reason: 'moved' });
    await watcher.next((frame) => frame.t === 'joined' && (frame.user as { nick: string }).nick === 'ann');
    await lobbyNc.next(/\[ann\]님이 입장하였습니다/u);

    mathie.line('hello math');
    await mathie.next('[dan] hello math');
    ann.line('/join math');
    await ann.next('* [ann] 채팅 서버에 접속되었습니다. (Welcome, ann! 2 here; /help lists commands.)');
    await ann.next('[dan] hello math'); // math's history, between markers
    expect(await watcher.nextOf('left')).toMatchObject({ nick: 'ann', reason: 'moved' });
    expect(await lobbyNc.next(/\[ann\]님이 퇴장/u)).toBe('[ann]님이 퇴장하였습니다. (ann left: moved to another room)');
    await mathie.next('[ann]님이 입장하였습니다. (ann joined)');
    ann.line('hi');
    await mathie.next('[ann] hi');
    lobbyNc.line('still here');
    await watcher.next((frame) => frame.t === 'msg' && frame.text === 'still here');

    // Refused moves: nothing changes.
    mathie.line('/nick eve');
    await mathie.next(/dan.*eve/u);
    mathie.line('/join lobby');
    await mathie.next(/\(nick_taken\)$/u);
    mathie.line('/join math');
    await mathie.next(/\(already_in_room\)$/u);
    mathie.line('/join secret wrong');
    await mathie.next(/\(wrong_password\)$/u);
    mathie.line('/join -bad');
    await mathie.next(/\(room_invalid\)$/u);
    mathie.line('still math');
    await ann.next('[eve] still math');
    expect(room.server.rooms.room(room.server.rooms.list()[1]!.id)?.size).toBe(2);
  });

  it('/help lists /rooms and /join', async () => {
    const port = await room.start(rooms);
    const nc = await room.text(port, 'ann');
    nc.line('/help');
    await nc.next(/^\* {3}\/rooms /u);
    await nc.next(/^\* {3}\/join <room> \[password\] /u);
  });
});
