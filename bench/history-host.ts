/**
 * Host memory for history (issue 12): a room server's hub with 50 rooms, each with a few members and its history
 * ring filled past its default capacity (1000 messages of 80–200 characters, about a third Korean), measured as the
 * growth of RSS and of the V8 heap over the same server with empty rooms. Target: at most +60 MB. Bounded (about
 * 60,000 messages), stops by itself. Run: npm run bench:history:host (with --expose-gc for steadier figures).
 */
import { createRoomServer } from '../main/gateway/server.js';
import type { RoomId } from '../main/rooms/ids.js';
import type { MemberEndpoint } from '../main/rooms/member.js';
import { DEFAULT_HISTORY } from '../main/rooms/room-history.js';

const ROOMS = 50;
const MEMBERS_PER_ROOM = 4;
/** More than the ring holds, so every ring has wrapped (the steady state of a busy room). */
const MESSAGES_PER_ROOM = DEFAULT_HISTORY + 200;
const TARGET_MB = 60;

const ENGLISH = 'the meeting moved to three lunch is ready can someone check build passed deploy tonight thanks'.split(
  ' ',
);
const KOREAN =
  '안녕하세요 오늘 회의는 세시로 옮겼습니다 점심 먹으러 갈까요 빌드가 통과했어요 감사합니다 확인 부탁드려요'.split(' ');

let seed = 12;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

/** A chat line of 80–200 characters (a flat string, as one decoded from the wire is). */
function chatText(): string {
  const words = random() < 0.35 ? KOREAN : ENGLISH;
  const length = 80 + Math.floor(random() * 121);
  const picked: string[] = [];
  let size = -1;
  while (size < length) {
    const word = words[Math.floor(random() * words.length)]!;
    picked.push(word);
    size += word.length + 1;
  }
  return picked.join(' ').slice(0, length).trimEnd();
}

function endpoint(): MemberEndpoint {
  return { isTextClient: false, remoteAddress: '127.0.0.1:1', deliver: () => undefined, disconnect: () => undefined };
}

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

const server = createRoomServer({ history: DEFAULT_HISTORY });
const rooms = Array.from({ length: ROOMS }, (_, i) => server.hub.room(`room-${i}` as RoomId));
const members = rooms.map((room) =>
  Array.from({ length: MEMBERS_PER_ROOM }, (_, j) => room.join(endpoint(), `user${j}`)),
);
settle();
const before = process.memoryUsage();

let chars = 0;
for (let n = 0; n < MESSAGES_PER_ROOM; n++) {
  rooms.forEach((room, i) => {
    const text = chatText();
    chars += text.length;
    room.say(members[i]![n % MEMBERS_PER_ROOM]!, text);
  });
  // A real room fills over hours with collections between; one burst would mostly measure this loop's garbage.
  if (n % 100 === 99) settle();
}
settle();
const after = process.memoryUsage();

const kept = rooms.reduce((sum, room) => sum + room.history.size, 0);
const rss = after.rss - before.rss;
const heap = after.heapUsed - before.heapUsed;
console.log(`History host memory: ${ROOMS} rooms x ${DEFAULT_HISTORY} kept messages (${kept} kept in all)`);
console.log(
  `  messages posted: ${ROOMS * MESSAGES_PER_ROOM}, average ${(chars / (ROOMS * MESSAGES_PER_ROOM)).toFixed(0)} characters`,
);
console.log(`  heap used: +${megabytes(heap)} MB (${(heap / kept).toFixed(0)} bytes a kept message)`);
console.log(`  heap reserved: +${megabytes(after.heapTotal - before.heapTotal)} MB`);
console.log(`  RSS:       +${megabytes(rss)} MB (target <= +${TARGET_MB} MB)`);
if (!(globalThis as { gc?: unknown }).gc) console.log('  (run with --expose-gc for steadier figures)');
const ok = rss <= TARGET_MB * 1024 * 1024;
console.log(ok ? 'PASS' : 'FAIL: over the target');
await server.close();
process.exitCode = ok ? 0 : 1;
