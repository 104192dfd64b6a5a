/**
 * Test fixture (history-crash.test.ts): a process that writes messages to a conversation store in a loop, through the
 * store's normal per-turn batches, and prints each message number once its batch has committed. The test kills it
 * with SIGKILL mid-write.
 */
import { HistoryStore } from './history-store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer <history.sqlite>');
const store = await HistoryStore.open(file);
const room = 'code:CRSH-TEST-0000-0000-0000';
store.noteRoom({ key: room, name: 'crash', host: '127.0.0.1', port: 1 });
let mid = 0;
const next = (): void => {
  mid += 1;
  store.addMessage(room, {
    run: 'crash-run',
    mid,
    ts: Date.now(),
    from: 'writer',
    scope: 'room',
    own: false,
    text: `메시지 ${mid} ${'사랑방 '.repeat(mid % 50)}`,
  });
  // The store commits on the next turn, before this callback: the message is durable when it is acknowledged.
  setImmediate(() => {
    process.stdout.write(`${mid}\n`);
    next();
  });
};
next();
