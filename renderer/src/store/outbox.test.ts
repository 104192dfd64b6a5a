/** The outbox in the store: my messages show at once as sending, become the room's message once, fail visibly. */
import { describe, expect, it } from 'vitest';
import type { OutboxItem, RoomEvent } from '@contract/ipc-contract';
import { makeSnapshot } from '../test-support/fake-api';
import type { Action } from './actions';
import type { AppState } from './model';
import { splitOutbox } from './outbox';
import { initialState, reducer } from './reducer';
import { currentRoom } from './selectors';

const room = {
  roomId: 'r1',
  roomKey: 'addr:10.0.0.2:30000',
  host: '10.0.0.2',
  port: 30000,
  roomName: 'lab',
  nick: 'atom',
  maxUsers: 10,
  users: [
    { nick: 'atom', status: 'active' as const },
    { nick: 'hana', status: 'active' as const },
  ],
};
const start = (outbox?: OutboxItem[]): AppState =>
  reducer(initialState(), {
    type: 'snapshot',
    snapshot: makeSnapshot({ room: { ...room, ...(outbox ? { outbox } : {}) }, connection: { phase: 'connected' } }),
    now: 100,
  });
const here = (s: AppState) => currentRoom(s)!;
const apply = (s: AppState, ...actions: Action[]) => actions.reduce(reducer, s);
const box = (item: OutboxItem, now = 200): Action => ({ type: 'outbox', roomId: 'r1', item, now });
const msg = (mid: number, text: string, extra: Partial<Extract<RoomEvent, { t: 'msg' }>> = {}): Action => ({
  type: 'room-event',
  roomId: 'r1',
  event: { t: 'msg', mid, ts: 300 + mid, from: 'atom', scope: 'room', text, run: 'R1', ...extra },
  now: 300,
});
/** What the conversation shows: the log's messages, then the pending ones with their state. */
const shown = (s: AppState) => [
  ...here(s)
    .timeline.items.slice(0, here(s).timeline.length)
    .flatMap((e) => (e.kind === 'msg' ? [`${e.from}: ${e.text}`] : [])),
  ...here(s).outbox.map((p) => `${p.from}: ${p.text} [${p.state}]`),
];

describe('the outbox in the store', () => {
  it('shows my message as sending at once, and as the room posted it exactly once when its copy comes first', () => {
    let s = apply(start(), box({ cid: 'c1', state: 'sending', text: 'hello', scope: 'room' }));
    expect(shown(s)).toEqual(['atom: hello [sending]']);
    expect(here(s).outbox[0]).toMatchObject({ own: true, ts: 200, scope: 'room', key: 'oc1' });
    // The host sends my copy of the message before it answers me.
    s = apply(s, msg(7, 'hello'));
    expect(shown(s)).toEqual(['atom: hello']);
    s = apply(s, box({ cid: 'c1', state: 'sent', text: 'hello', scope: 'room', mid: 7 }));
    expect(shown(s)).toEqual(['atom: hello']);
  });

  it('waits for the room’s copy when the answer comes first, then shows the message once', () => {
    let s = apply(
      start(),
      box({ cid: 'c1', state: 'sending', text: 'one', scope: 'room' }),
      box({ cid: 'c2', state: 'sending', text: 'two', scope: 'room' }),
      box({ cid: 'c1', state: 'sent', text: 'one', scope: 'room', mid: 4 }),
    );
    expect(shown(s)).toEqual(['atom: one [sent]', 'atom: two [sending]']);
    s = apply(s, msg(4, 'one'));
    expect(shown(s)).toEqual(['atom: one', 'atom: two [sending]']);
  });

  it('does not take a replayed old message of mine for the one waiting, but matches it by mid once sent', () => {
    // After a reconnect: the room replays what it posted (including, here, my message whose answer was lost).
    let s = apply(
      start(),
      msg(1, 'same words'),
      box({ cid: 'c1', state: 'sending', text: 'same words', scope: 'room' }),
      msg(1, 'same words', { hist: true }),
      msg(2, 'same words', { hist: true }),
    );
    expect(shown(s)).toEqual(['atom: same words', 'atom: same words', 'atom: same words [sending]']);
    // Sent again after the login: the host knows its cid and answers with the first mid.
    s = apply(s, box({ cid: 'c1', state: 'sent', text: 'same words', scope: 'room', mid: 2 }));
    expect(shown(s)).toEqual(['atom: same words', 'atom: same words']);
  });

  it('matches by mid once sent, even when the room’s copy differs from what I typed', () => {
    // A host (not this one) that trims the text: the copy cannot be matched by text, the answer's mid matches it.
    let s = apply(start(), box({ cid: 'c1', state: 'sending', text: ' spaced ', scope: 'room' }), msg(9, 'spaced'));
    expect(shown(s)).toEqual(['atom: spaced', 'atom:  spaced  [sending]']);
    s = apply(s, box({ cid: 'c1', state: 'sent', text: ' spaced ', scope: 'room', mid: 9 }));
    expect(shown(s)).toEqual(['atom: spaced']);
    // An old message of mine with the same mid from an earlier run of the host is not the copy.
    s = apply(s, box({ cid: 'c2', state: 'sending', text: 'new', scope: 'room' }), msg(1, 'other', { run: 'R2' }));
    s = apply(s, box({ cid: 'c2', state: 'sent', text: 'new', scope: 'room', mid: 9 }));
    expect(shown(s)).toEqual(['atom: spaced', 'atom: other', 'atom: new [sent]']);
  });

  it('keeps someone else’s message with the same text from replacing mine', () => {
    const s = apply(
      start(),
      box({ cid: 'c1', state: 'sending', text: 'hi', scope: 'room' }),
      msg(3, 'hi', { from: 'hana' }),
    );
    expect(shown(s)).toEqual(['hana: hi', 'atom: hi [sending]']);
  });

  it('shows a refusal with its reason; a retry sends it after the others; a deletion removes it', () => {
    let s = apply(
      start(),
      box({ cid: 'c1', state: 'sending', text: 'bad word', scope: 'room' }),
      box({ cid: 'c2', state: 'sending', text: 'next', scope: 'room' }),
      box({
        cid: 'c1',
        state: 'failed',
        text: 'bad word',
        scope: 'room',
        error: { code: 'banned_word', message: 'banned' },
      }),
    );
    expect(shown(s)).toEqual(['atom: bad word [failed]', 'atom: next [sending]']);
    expect(here(s).outbox[0]?.error?.code).toBe('banned_word');
    s = apply(s, box({ cid: 'c1', state: 'sending', text: 'bad word', scope: 'room' }));
    expect(shown(s)).toEqual(['atom: next [sending]', 'atom: bad word [sending]']);
    expect(here(s).outbox[1]?.error).toBeUndefined();
    s = apply(s, { type: 'outbox-discarded', roomId: 'r1', cid: 'c2' });
    expect(shown(s)).toEqual(['atom: bad word [sending]']);
  });

  it('shows a message that failed before any other event (the room already gone) as failed', () => {
    const s = apply(
      start(),
      box({ cid: 'c9', state: 'failed', text: 'late', error: { code: 'not_connected', message: 'offline' } }),
    );
    expect(shown(s)).toEqual(['atom: late [failed]']);
  });

  it('puts whispers in the room conversation and 1:1 messages in the 1:1, each matched with its own copy', () => {
    let s = apply(
      start(),
      { type: 'room-event', roomId: 'r1', event: { t: 'with.started', peer: 'hana' }, now: 1 },
      box({ cid: 'w', state: 'sending', text: 'psst', to: 'hana' }),
      box({ cid: 'd', state: 'sending', text: 'psst', scope: 'dm' }),
    );
    const split = splitOutbox(here(s).outbox);
    expect(split.room.map((p) => [p.scope, p.to])).toEqual([['whisper', 'hana']]);
    expect(split.dm.map((p) => [p.scope, p.to])).toEqual([['dm', 'hana']]);
    s = apply(s, msg(5, 'psst', { scope: 'dm', to: 'hana' }));
    expect(here(s).outbox.map((p) => p.cid)).toEqual(['w']);
    expect(here(s).dm?.log.length).toBe(1);
    s = apply(s, msg(6, 'psst', { scope: 'whisper', to: 'HANA' }));
    expect(here(s).outbox).toEqual([]);
  });

  it('restores what is still sending or failed from the room snapshot after a reload', () => {
    const s = start([
      { cid: 'a', state: 'sending', text: 'queued', scope: 'room' },
      { cid: 'b', state: 'failed', text: 'refused', scope: 'room', error: { code: 'banned_word', message: 'x' } },
    ]);
    expect(shown(s)).toEqual(['atom: queued [sending]', 'atom: refused [failed]']);
    expect(here(s).outbox.map((p) => p.ts)).toEqual([100, 100]);
    // Rejoined (same room): main's list is the truth, the times of messages already shown stay.
    const again = reducer(apply(s, box({ cid: 'a', state: 'failed', text: 'queued' }, 999)), {
      type: 'joined',
      room: { ...room, outbox: [{ cid: 'b', state: 'failed', text: 'refused', scope: 'room' }] },
      now: 5000,
    });
    expect(shown(again)).toEqual(['atom: refused [failed]']);
    expect(here(again).outbox[0]?.ts).toBe(100);
  });
});
