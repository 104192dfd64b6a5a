import { describe, expect, it } from 'vitest';
import { FramedTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 5000 });

describe('client message ids (cid) and rate-limit waits', () => {
  it('posts a say or whisper once per cid and sender; a resend gets the first mid with dup', async () => {
    const port = await room.start();
    const atom = await room.login(port, 'atom');
    const bob = await room.login(port, 'bob');

    const first = await atom.ok('say', { text: 'once', cid: 'c-1' });
    expect(await bob.nextOf('msg')).toMatchObject({ mid: first.mid, text: 'once' });
    expect(await atom.ok('say', { text: 'once', cid: 'c-1' })).toEqual({ mid: first.mid, dup: true });
    // Another sender may use the same cid; a whisper's cid is de-duplicated the same way.
    const bobs = await bob.ok('say', { text: 'mine', cid: 'c-1' });
    expect(bobs.mid).not.toBe(first.mid);
    const whisper = await atom.ok('whisper', { to: 'bob', text: 'psst', cid: 'w_2' });
    expect(await atom.ok('whisper', { to: 'bob', text: 'psst', cid: 'w_2' })).toEqual({ mid: whisper.mid, dup: true });

    // The cid belongs to the sender, not the connection: a reconnect under the same nickname is still a resend.
    atom.close();
    await bob.next((frame) => frame.t === 'left' && frame.nick === 'atom');
    const again = await room.login(port, 'atom');
    expect(await again.ok('say', { text: 'once', cid: 'c-1' })).toEqual({ mid: first.mid, dup: true });

    await bob.ok('version');
    const texts = bob
      .unread()
      .filter((frame) => frame.t === 'msg')
      .map((frame) => frame.text);
    expect(texts).toEqual(['mine', 'psst']);
  });

  it('refuses a malformed cid and posts nothing', async () => {
    const port = await room.start();
    const atom = await room.login(port, 'atom');
    for (const cid of ['', 'x'.repeat(65), 'a b', 'ä', 'a|b', 7]) {
      expect(await atom.request('say', { text: 'hi', cid })).toMatchObject({ t: 'error', code: 'bad_request' });
    }
    expect(await atom.request('whisper', { to: 'atom', text: 'hi', cid: 'no/slash' })).toMatchObject({
      code: 'bad_request',
    });
    expect(await atom.ok('say', { text: 'ok', cid: `${'a'.repeat(60)}_-Z9` })).toHaveProperty('mid');
    expect(atom.unread().filter((frame) => frame.t === 'msg')).toHaveLength(1);
  });

  it('says when the next message is accepted, and a resend spends no token', async () => {
    const port = await room.start({ rateLimit: 2 }); // burst 4
    const atom = await FramedTestClient.connect(port);
    room.track(atom);
    await atom.ok('login', { nick: 'atom' }); // one token
    const posted = await atom.ok('say', { text: 'one', cid: 'one' });
    await atom.ok('say', { text: 'two' });
    await atom.ok('say', { text: 'three' });
    // The bucket is empty now, yet the resend is answered.
    expect(await atom.ok('say', { text: 'one', cid: 'one' })).toEqual({ mid: posted.mid, dup: true });
    const refused = await atom.request('say', { text: 'four' });
    expect(refused).toMatchObject({ t: 'error', code: 'rate_limited' });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
    await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs as number));
    expect(await atom.request('say', { text: 'four' })).toMatchObject({ t: 'ok' });
  });
});
