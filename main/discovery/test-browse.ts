/**
 * Test support, run inside a network namespace: browses for rooms for argv[2] ms and prints one JSON line per change
 * (`{"ms": since start, "rooms": [{name, host, port, people}]}`), after a first line `browsing`.
 */
import { browseRooms } from './room-browser.js';

const durationMs = Number(process.argv[2] ?? 10_000);
const started = Date.now();
const browser = browseRooms();
process.stdout.write('browsing\n');
browser.on('change', (rooms) => {
  const list = rooms.map(({ name, host, port, people }) => ({ name, host, port, people }));
  process.stdout.write(`${JSON.stringify({ ms: Date.now() - started, rooms: list })}\n`);
});
setTimeout(() => {
  browser.stop();
  process.stdout.write('stopped\n');
}, durationMs);
