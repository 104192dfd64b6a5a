import { afterEach, describe, expect, it } from 'vitest';
import type { RoomServer } from '../gateway/server.js';
import type { OutboxEvent } from './outbox.js';
import type { ClientSession } from './session.js';
import { createHarness, nextEvent } from './test-support.js';

const harness = createHarness();
afterEach(() => harness.cleanup());

const FAST = { reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 } };

/** The texts a room posted, in order (observed on the host). */
function posted(server: RoomServer): string[] {
  const texts: string[] = [];
  server.room.on('message', (record) => texts.push(record.text));
  return texts;
}

function outboxEvents(session: ClientSession): OutboxEvent[] {
  const events: OutboxEvent[] = [];
  session.on('outbox', (event) => events.push(event));
  return events;
}

const numbered = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

describe('the outbox', () => {
  it('sends a cid once: the same cid again is answered with the first mid and dup, and nothing is posted', async () => {
    const { server, port } = await harness.startServer();
    const texts = posted(server);
    const atom = await harness.join(port, 'atom');
    const first = await atom.say('only once', undefined, 'my-cid-1');
    expect(await atom.say('only once', undefined, 'my-cid-1')).toEqual({ mid: first.mid, dup: true });
    const whisper = await atom.whisper('atom2', 'x', 'w1').catch((error: unknown) => error);
    expect(whisper).toMatchObject({ code: 'no_such_user' });
    expect(texts).toEqual(['only once']);
  });

  it('keeps messages typed while the host is down and sends them once, in order, after it restarts', async () => {
    const first = await harness.startServer();
    const atom = await harness.join(first.port, 'atom', FAST);
    const events = outboxEvents(atom);
    await Promise.all(numbered(1, 3).map((text) => atom.say(text)));
    await first.server.close();
    // The client hears of the close a moment later (its TLS runs over a stream filter: greeting-filter.ts).
    await expect.poll(() => atom.state).toBe('reconnecting');

    const later = numbered(4, 10).map((text) => atom.say(text));
    expect(atom.outbox.pending).toBe(7);
    const second = await harness.startServer({}, first.port);
    const texts = posted(second.server);
    const results = await Promise.all(later);
    expect(texts).toEqual(numbered(4, 10));
    expect(new Set(results.map((result) => result.mid)).size).toBe(7);
    expect(events.filter((event) => event.state === 'sent').map((event) => event.text)).toEqual(numbered(1, 10));
    expect(events.some((event) => event.state === 'failed')).toBe(false);
  });

  it('loses nothing and doubles nothing when the network drops in the middle of a stream', async () => {
    const { server, port } = await harness.startServer({ rateLimit: 'off' });
    const texts = posted(server);
    const relay = await harness.relay(port);
    const atom = await harness.join(relay.port, 'atom', FAST);
    let sent = 0;
    atom.on('outbox', (event) => {
      if (event.state === 'sent' && ++sent === 10) relay.cut();
    });
    const all = numbered(1, 40);
    const results = await Promise.all(all.map((text) => atom.say(text)));
    expect(texts).toEqual(all);
    expect(results.every((result) => typeof result.mid === 'number')).toBe(true);
    expect(atom.state).toBe('connected');
  });

  it('does not post twice a message whose answer was lost with the connection', async () => {
    const { server, port } = await harness.startServer();
    const texts = posted(server);
    // Cleartext, so the relay can read the frames: the connection is cut instead of passing on the say's `ok`.
    const relay = await harness.relay(
      port,
      (frame) => frame.t === 'ok' && (frame.result as { mid?: number } | undefined)?.mid !== undefined,
    );
    const atom = await harness.join(relay.port, 'atom', { ...FAST, security: { insecure: true } });
    const lost = nextEvent(atom, 'disconnected');
    const result = await atom.say('said once');
    expect(await lost).toMatchObject({ willReconnect: true });
    expect(result).toMatchObject({ dup: true });
    await atom.say('and then this');
    expect(texts).toEqual(['said once', 'and then this']);
  });

  it('paces itself under the room rate limit: 60 messages at 20/s all arrive, none refused', async () => {
    const { server, port } = await harness.startServer({ rateLimit: 20 });
    const texts = posted(server);
    const atom = await harness.join(port, 'atom');
    const refused: string[] = [];
    atom.on('error', (error) => refused.push(error.code));
    const started = Date.now();
    const all = numbered(1, 60);
    await Promise.all(all.map((text) => atom.say(text)));
    expect(texts).toEqual(all);
    // Burst of 40 (less the login's token), then 20 a second: about a second for the rest.
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(refused).toEqual([]);
  });

  it('fails a refused message, and retries or discards it on request', async () => {
    const { port } = await harness.startServer({ bannedWords: ['spam'] });
    const atom = await harness.join(port, 'atom');
    const events = outboxEvents(atom);

    await expect(atom.say('buy spam', undefined, 'banned')).rejects.toMatchObject({ code: 'banned_word' });
    await expect(atom.whisper('bob', 'psst', 'early')).rejects.toMatchObject({ code: 'no_such_user' });
    expect(atom.outbox.items()).toMatchObject([
      { cid: 'banned', state: 'failed', text: 'buy spam', error: { code: 'banned_word' } },
      { cid: 'early', state: 'failed', to: 'bob', error: { code: 'no_such_user' } },
    ]);

    const bob = await harness.join(port, 'bob');
    const heard = nextEvent(bob, 'msg');
    const sent = nextEvent(atom, 'outbox', (event) => event.cid === 'early' && event.state === 'sent');
    expect(atom.outbox.retry('early')).toBe(true);
    expect(await sent).toMatchObject({ to: 'bob', text: 'psst' });
    expect(await heard).toMatchObject({ from: 'atom', text: 'psst', mid: (await sent).mid });

    const refusedAgain = nextEvent(atom, 'outbox', (event) => event.cid === 'banned' && event.state === 'failed');
    expect(atom.outbox.retry('banned')).toBe(true);
    expect(await refusedAgain).toMatchObject({ error: { code: 'banned_word' } });
    expect(atom.outbox.discard('banned')).toBe(true);
    expect(atom.outbox.items()).toEqual([]);
    expect(atom.outbox.retry('banned')).toBe(false);
    expect(events.map((event) => `${event.cid}:${event.state}`)).toEqual([
      'banned:sending',
      'banned:failed',
      'early:sending',
      'early:failed',
      'early:sending',
      'early:sent',
      'banned:sending',
      'banned:failed',
    ]);
  });

  it('gives up on what it could not send after the offline bound, and when the session is closed', async () => {
    const first = await harness.startServer();
    const atom = await harness.join(first.port, 'atom', { ...FAST, outboxOfflineMs: 300 });
    await first.server.close();
    await expect(atom.say('into the void')).rejects.toMatchObject({ name: 'ConnectionError', code: 'offline' });
    expect(atom.outbox.items()).toMatchObject([{ state: 'failed', text: 'into the void' }]);

    const queued = atom.say('left behind');
    await atom.close();
    await expect(queued).rejects.toMatchObject({ code: 'offline' });
    await expect(atom.say('after close')).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('asks for the history missed on a re-login, and emits the replay before live messages', async () => {
    const { port } = await harness.startServer();
    const relay = await harness.relay(port);
    const atom = await harness.join(relay.port, 'atom', { ...FAST, historyMax: 5 });
    const bob = await harness.join(port, 'bob');
    await bob.say('seen live');
    await nextEvent(atom, 'msg', (message) => message.text === 'seen live');
    const position = atom.history;
    const seen: string[] = [];
    atom.on('message', (frame) => {
      if (frame.t === 'msg') seen.push(`${frame.hist === true ? 'hist' : 'live'}:${String(frame.text)}`);
    });
    relay.cut();
    await nextEvent(atom, 'disconnected');
    await bob.say('missed 1');
    await bob.say('missed 2');
    await nextEvent(atom, 'connected');
    await bob.say('live again');
    await nextEvent(atom, 'msg', (message) => message.text === 'live again');
    expect(position).toBeDefined();
    expect(seen).toEqual(['hist:missed 1', 'hist:missed 2', 'live:live again']);
    expect(atom.history).toEqual({ run: position?.run, after: expect.any(Number) });
  });
});
