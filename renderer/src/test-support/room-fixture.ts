import type { AppSnapshot, RoomEvent, RoomSnapshot } from '@contract/ipc-contract';
import { makeSnapshot } from './fake-api';

export const labRoom: RoomSnapshot = {
  roomId: 'lab-1',
  roomKey: 'addr:10.0.0.2:30000',
  host: '10.0.0.2',
  port: 30000,
  roomName: 'lab',
  nick: 'atom',
  maxUsers: 10,
  users: [
    { nick: 'atom', status: 'active' },
    { nick: 'hana', status: 'active' },
    { nick: 'jun', status: 'away', awayText: 'lunch' },
  ],
};

export function roomSnapshot(patch: Partial<AppSnapshot> = {}): AppSnapshot {
  return makeSnapshot({
    room: labRoom,
    connection: {
      phase: 'connected',
      roomId: labRoom.roomId,
      host: labRoom.host,
      port: labRoom.port,
      nick: 'atom',
      rttMs: 3,
    },
    ...patch,
  });
}

let mid = 0;
export function chat(from: string, text: string, extra: Partial<Extract<RoomEvent, { t: 'msg' }>> = {}): RoomEvent {
  mid += 1;
  return { t: 'msg', mid, ts: Date.now(), from, scope: 'room', text, ...extra };
}
