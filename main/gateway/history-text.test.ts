/**
 * History for plain-text (nc) clients over real sockets: the latest room messages between two marker lines on
 * login (none when there are none, never whispers), and held messages as ordinary lines after the away count, with a
 * note when more were missed than kept.
 */
import { describe, expect, it } from 'vitest';
import { TextTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 5000 });

/** Every line up to and including the `/ping` answer (so lines that should not be there had their chance). */
async function linesUntilPong(client: TextTestClient): Promise<string[]> {
  client.line('/ping');
  await client.next(/^\* pong/u);
  return client.unread();
}

describe('plain-text history', () => {
  it('shows the last 20 room messages between marker lines on login, and nothing private', async () => {
    const port = await room.start();
    const atom = await room.login(port, 'atom');
    const bee = await room.login(port, 'bee');
    for (let i = 1; i <= 22; i++) await atom.ok('say', { text: `line ${i}` });
    await atom.ok('whisper', { to: 'bee', text: 'secret' });
    await bee.ok('say', { text: '안녕\n둘째 줄' });
    const nc = room.track(await TextTestClient.connect(port));
    nc.line('/login cee');
    await nc.next(/채팅 서버에 접속되었습니다/u);
    const lines = await linesUntilPong(nc);
    expect(lines).toEqual([
      '--- 이전 메시지 20개 (20 earlier messages) ---',
      ...Array.from({ length: 19 }, (_, i) => `[atom] line ${i + 4}`),
      '[bee] 안녕',
      '    둘째 줄',
      '--- 이전 메시지 끝 (end of earlier messages) ---',
    ]);
  });

  it('shows no marker lines when there is no history, also for a guest', async () => {
    const port = await room.start();
    const nc = await room.text(port, 'cee');
    expect(await linesUntilPong(nc)).toEqual([]);
    await room.login(port, 'atom').then((atom) => atom.ok('say', { text: 'hi' }));
    const guest = room.track(await TextTestClient.connect(port));
    guest.line('first words');
    await guest.next(/손님 이름/u);
    expect(await guest.next(/^---/u)).toBe('--- 이전 메시지 1개 (1 earlier message) ---');
    expect(guest.unread()).toEqual([
      '[atom] hi',
      '--- 이전 메시지 끝 (end of earlier messages) ---',
      '[guest1] first words',
    ]);
  });

  it('after away: the count line, a note when some were no longer kept, then the held lines', async () => {
    const port = await room.start({ history: 2 });
    const atom = await room.login(port, 'atom');
    const nc = await room.text(port, 'cee');
    nc.line('/sleep');
    await nc.next(/You are away/u);
    for (const text of ['a', 'b', 'c']) await atom.ok('say', { text });
    nc.line('/wakeup');
    expect(await nc.next(/놓친/u)).toMatch(/놓친 메시지 3개\. \(You are back; you missed 3 messages\.\)$/u);
    expect(await linesUntilPong(nc)).toEqual([
      '* 그중 오래된 1개는 서버에 남아 있지 않습니다. (The oldest 1 of them are no longer kept.)',
      '[atom] b',
      '[atom] c',
    ]);
  });
});
