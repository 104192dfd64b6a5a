import { describe, expect, it } from 'vitest';
import type { LeaveReason } from '../protocol/messages.js';
import { useTestRoom } from '../gateway/test-support.js';
import { DEFAULT_ROOM_ID, type MemberId } from './ids.js';
import type { MessageRecord } from './message-point.js';

const room = useTestRoom({ rateLimit: 'off' });

describe('room hub, member ids and the message-id point', () => {
  it('serves the default room through the hub and keeps a member id across a rename', async () => {
    const port = await room.start();
    const { hub } = room.server;
    expect(hub.find(DEFAULT_ROOM_ID)).toBe(room.server.room);
    expect(hub.rooms()).toEqual([room.server.room]);
    await room.login(port, 'ann');
    const ann = room.server.room.find('ann')!;
    expect(ann.id).not.toBe('ann');
    const cleo = await room.login(port, 'cleo');
    const id = room.server.room.find('cleo')!.id;
    expect(id).not.toBe(ann.id);

    await cleo.ok('nick', { nick: 'Cara' });
    const renamed = room.server.room.find('cara')!;
    expect(renamed.id).toBe(id);
    expect(room.server.room.member(id)).toBe(renamed);
    expect(room.server.room.find('cleo')).toBeUndefined();
    expect(room.server.room.member(ann.id)).toBe(ann);
  });

  it('assigns each message id once and shows it to message listeners with member ids', async () => {
    const port = await room.start();
    const records: MessageRecord[] = [];
    room.server.hub.on('message', (record) => records.push(record));
    const ann = await room.login(port, 'ann');
    const bob = await room.login(port, 'bob');
    const first = await ann.ok('say', { text: 'hello' });
    const second = await bob.ok('whisper', { to: 'ann', text: 'psst' });
    const annId = room.server.room.find('ann')!.id;
    const bobId = room.server.room.find('bob')!.id;
    expect(records).toEqual([
      expect.objectContaining({ room: DEFAULT_ROOM_ID, mid: first.mid, scope: 'room', from: annId, text: 'hello' }),
      expect.objectContaining({ mid: second.mid, scope: 'whisper', from: bobId, to: annId, toNick: 'ann' }),
    ]);
    expect(second.mid).toBe((first.mid as number) + 1);
  });

  it("passes a room's departures on with the member's id and the room", async () => {
    const port = await room.start();
    const left: { id: MemberId; reason: LeaveReason; room: string }[] = [];
    room.server.hub.on('left', (member, reason, where) => left.push({ id: member.id, reason, room: where.id }));
    const ann = await room.login(port, 'ann');
    const id = room.server.room.find('ann')!.id;
    ann.close();
    await expect.poll(() => left).toEqual([{ id, reason: 'disconnected', room: DEFAULT_ROOM_ID }]);
  });
});
