/**
 * A scripted RoomFinder for the accessibility test and the screenshots: it lists fixed rooms (as if announced on the
 * network) and sends nothing at all. The real finder is tested end to end inside network namespaces (discovery.test.ts).
 */
import { createHash } from 'node:crypto';
import type { FoundRoom } from '../../main/discovery/types.js';
import type { RoomFinder } from '../../main/app/room-finder.js';
import { roomCode } from '../../main/security/room-code.js';

function fixtureRoom(
  name: string,
  host: string,
  people: number,
  maxUsers: number,
  extra: Partial<FoundRoom> = {},
): FoundRoom {
  const fingerprint = createHash('sha256').update(name).digest('hex');
  const port = extra.port ?? 30000;
  return {
    id: `${fingerprint}@${host}:${port}`,
    name,
    protocol: 1,
    people,
    maxUsers,
    passwordRequired: false,
    plainAllowed: true,
    fingerprint,
    host,
    port,
    addresses: [host],
    roomCode: roomCode(fingerprint),
    via: 'mdns',
    lastSeen: Date.now(),
    ...extra,
  };
}

export const FIXTURE_ROOMS: Record<'en' | 'ko', FoundRoom[]> = {
  en: [
    fixtureRoom('Design team', '192.168.0.12', 4, 20),
    fixtureRoom('Friday board games', '192.168.0.31', 6, 8, { passwordRequired: true }),
    fixtureRoom('Lab 3 — thesis help', '192.168.0.47', 1, 50, { via: 'known', port: 31000 }),
  ],
  ko: [
    fixtureRoom('디자인팀 사랑방', '192.168.0.12', 4, 20),
    fixtureRoom('금요일 보드게임', '192.168.0.31', 6, 8, { passwordRequired: true }),
    fixtureRoom('3연구실 논문 도움방', '192.168.0.47', 1, 50, { via: 'known', port: 31000 }),
  ],
};

export function fixtureFinder(rooms: FoundRoom[]): RoomFinder {
  return {
    browse: () => ({ list: () => rooms, on: () => undefined, stop: () => undefined }),
    probeRoom: async () => null,
    localSubnets: () => [],
    probeSubnets: async () => [],
  };
}
