/**
 * The host's history over real sockets: what a late joiner and a reconnecting client get replayed after `login`
 * (in order, marked `hist`, before anything live; exactly the gap on a reconnect), what `truncated` says when the
 * ring or the byte budget left messages out, held messages given back on waking, and history turned off.
 */
import { describe, expect, it } from 'vitest';
import type { FrameObject } from '../protocol/codec.js';
import { FramedTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 5000 });

/** Connects, logs in as `nick` with `history` and returns the `ok` result and the frames after it, in order. */
async function join(
  port: number,
  nick: string,
  history?: object,
): Promise<{ client: FramedTestClient; result: Record<string, unknown>; welcome: FrameObject }> {
  const client = room.track(await FramedTestClient.connect(port, false));
  client.socket.write(Buffer.from('SBNG'));
  client.send({ t: 'hello', v: 1, app: 'test' });
  const welcome = await client.nextOf('welcome');
  const result = await client.ok('login', history === undefined ? { nick } : { nick, history });
  return { client, result, welcome };
}

/** The next `n` msg frames, in the order they arrived. */
async function msgs(client: FramedTestClient, n: number): Promise<FrameObject[]> {
  const got: FrameObject[] = [];
  for (let i = 0; i < n; i++) got.push(await client.nextOf('msg'));
  return got;
}

async function say(client: FramedTestClient, ...texts: string[]): Promise<number[]> {
  const mids: number[] = [];
  for (const text of texts) mids.push((await client.ok('say', { text })).mid as number);
  return mids;
}

describe('history replay on login', () => {
  it('a late joiner gets the recent room messages, oldest first, marked hist, before anything live', async () => {
    const port = await room.start({ rateLimit: 5 });
    const atom = await room.login(port, 'atom');
    const bee = await room.login(port, 'bee');
    const mids = await say(atom, 'one', 'two');
    await atom.ok('whisper', { to: 'bee', text: 'psst' });
    await say(bee, 'three');
    const { client: cee, result, welcome } = await join(port, 'cee');
    expect(welcome).toMatchObject({
      history: { run: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/u), kept: 1000 },
      limits: { rate: { perSec: 5, burst: 10 } },
    });
    expect(result.replay).toEqual({ count: 3, truncated: false });
    await atom.ok('say', { text: 'live' });
    const got = await msgs(cee, 4);
    expect(got.map((m) => [m.text, m.hist])).toEqual([
      ['one', true],
      ['two', true],
      ['three', true],
      ['live', undefined],
    ]);
    expect(got[0]).toEqual({
      t: 'msg',
      mid: mids[0],
      ts: expect.any(Number),
      from: 'atom',
      scope: 'room',
      text: 'one',
      hist: true,
    });
    expect(cee.unread().filter((f) => f.t === 'msg')).toEqual([]);
  });

  it('max: the latest max only; 0: none; a welcome without a rate limit has no limits.rate', async () => {
    const port = await room.start({ rateLimit: 'off' });
    const atom = await room.login(port, 'atom');
    await say(atom, 'a', 'b', 'c', 'd');
    const two = await join(port, 'two', { max: 2 });
    expect(two.welcome.limits).not.toHaveProperty('rate');
    expect(two.result.replay).toEqual({ count: 2, truncated: false });
    expect((await msgs(two.client, 2)).map((m) => m.text)).toEqual(['c', 'd']);
    const none = await join(port, 'none', { max: 0 });
    expect(none.result.replay).toEqual({ count: 0, truncated: false });
    await atom.ok('say', { text: 'live' });
    expect(await none.client.nextOf('msg')).toMatchObject({ text: 'live' });
    expect(none.client.unread().some((f) => f.t === 'msg')).toBe(false);
  });

  it('a reconnect with run and after gets exactly the gap; another run gets the recent history', async () => {
    const port = await room.start();
    const atom = await room.login(port, 'atom');
    const first = await join(port, 'bee');
    const [seen] = await say(atom, 'before');
    await first.client.nextOf('msg');
    first.client.close();
    await atom.nextOf('left');
    await say(atom, 'gap 1', 'gap 2');
    const run = (first.welcome.history as { run: string }).run;
    const again = await join(port, 'bee', { run, after: seen, max: 1 });
    expect(again.result.replay).toEqual({ count: 2, truncated: false });
    await atom.ok('say', { text: 'live' });
    expect((await msgs(again.client, 3)).map((m) => `${m.text}${m.hist ? ' (hist)' : ''}`)).toEqual([
      'gap 1 (hist)',
      'gap 2 (hist)',
      'live',
    ]);
    const upToDate = await join(port, 'cee', { run, after: seen! + 3 });
    expect(upToDate.result.replay).toEqual({ count: 0, truncated: false });
    const otherRun = await join(port, 'dee', { run: 'someOtherRun', after: seen, max: 2 });
    expect(otherRun.result.replay).toEqual({ count: 2, truncated: false });
    expect((await msgs(otherRun.client, 2)).map((m) => m.text)).toEqual(['gap 2', 'live']);
  });

  it('truncated: the ring no longer holds the message after `after`, or fewer than max were kept', async () => {
    const port = await room.start({ history: 3 });
    const atom = await room.login(port, 'atom');
    const mids = await say(atom, '1', '2', '3', '4', '5');
    const run = ((await join(port, 'probe', { max: 0 })).welcome.history as { run: string; kept: number }).run;
    const gap = await join(port, 'gap', { run, after: mids[0] });
    expect(gap.result.replay).toEqual({ count: 3, truncated: true });
    expect((await msgs(gap.client, 3)).map((m) => m.text)).toEqual(['3', '4', '5']);
    const exact = await join(port, 'exact', { run, after: mids[1] });
    expect(exact.result.replay).toEqual({ count: 3, truncated: false });
    expect((await join(port, 'many', { max: 10 })).result.replay).toEqual({ count: 3, truncated: true });
    expect((await join(port, 'few', { max: 2 })).result.replay).toEqual({ count: 2, truncated: false });
  });

  it('keeps a replay within the byte budget (newest first kept, truncated) instead of dropping the reader', async () => {
    const port = await room.start({ flow: { softBytes: 16 * 1024, hardBytes: 64 * 1024 }, rateLimit: 'off' });
    const atom = await room.login(port, 'atom');
    await say(atom, ...Array.from({ length: 20 }, (_, i) => `${i} ${'가'.repeat(1300)}`));
    const late = await join(port, 'late');
    const { count, truncated } = late.result.replay as { count: number; truncated: boolean };
    expect(truncated).toBe(true);
    expect(count).toBeGreaterThan(3);
    expect(count).toBeLessThan(20);
    const got = await msgs(late.client, count);
    expect(got.at(-1)!.text).toMatch(/^19 /u);
    expect(got[0]!.text).toMatch(new RegExp(`^${20 - count} `, 'u'));
    await atom.ok('say', { text: 'still here' });
    expect(await late.client.nextOf('msg')).toMatchObject({ text: 'still here' });
  });

  it('refuses a malformed history field with bad_request and a clear message', async () => {
    const port = await room.start();
    const client = room.track(await FramedTestClient.connect(port));
    const cases: [unknown, RegExp][] = [
      ['recent', /"history" must be an object/u],
      [[1], /"history" must be an object/u],
      [{ run: 7 }, /"run" must be a string/u],
      [{ after: -1 }, /"after" must be a non-negative integer/u],
      [{ max: 1.5 }, /"max" must be a non-negative integer/u],
    ];
    for (const [history, message] of cases)
      expect(await client.request('login', { nick: 'x', history })).toMatchObject({ code: 'bad_request', message });
    expect(room.server.room.size).toBe(0);
  });
});

describe('away holds messages', () => {
  it('gives back the held room messages from others after awake, with missed and held; fewer when the ring is smaller', async () => {
    const port = await room.start({ history: 3 });
    const atom = await room.login(port, 'atom');
    const bee = await room.login(port, 'bee');
    await say(atom, 'before');
    await bee.ok('sleep');
    await say(atom, 'w1', 'w2', 'w3', 'w4');
    expect(await bee.nextOf('msg')).toMatchObject({ text: 'before' });
    await atom.ok('whisper', { to: 'bee', text: 'private' });
    expect(await bee.nextOf('msg')).toMatchObject({ text: 'private', scope: 'whisper' });
    await bee.ok('wakeup');
    expect(await bee.nextOf('awake')).toEqual({ t: 'awake', missed: 4, held: 2 });
    expect((await msgs(bee, 2)).map((m) => [m.text, m.hist])).toEqual([
      ['w3', true],
      ['w4', true],
    ]);
  });

  it('history off: nothing replayed, held 0', async () => {
    const port = await room.start({ history: 0 });
    const atom = await room.login(port, 'atom');
    const bee = await room.login(port, 'bee');
    await bee.ok('sleep');
    await say(atom, 'one', 'two');
    const late = await join(port, 'late');
    expect(late.welcome.history).toMatchObject({ kept: 0 });
    // Messages were posted and none is kept: the replay says so.
    expect(late.result.replay).toEqual({ count: 0, truncated: true });
    expect((await join(port, 'none', { max: 0 })).result.replay).toEqual({ count: 0, truncated: false });
    await bee.ok('say', { text: 'back' });
    expect(await bee.nextOf('awake')).toEqual({ t: 'awake', missed: 2, held: 0 });
    expect(await bee.nextOf('msg')).toMatchObject({ text: 'back' });
    expect((await late.client.nextOf('msg')).hist).toBeUndefined();
  });
});
