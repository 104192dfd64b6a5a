import { describe, expect, it } from 'vitest';
import type { RoomEvent, TransferInfo } from '@contract/ipc-contract';
import { makeSnapshot } from '../test-support/fake-api';
import type { Action } from './actions';
import type { AppState, TimelineEntry } from './model';
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
const inRoom = (): AppState =>
  reducer(initialState(), {
    type: 'snapshot',
    snapshot: makeSnapshot({ room, connection: { phase: 'connected' } }),
    now: 0,
  });
const ev = (state: AppState, event: RoomEvent, now = 0) => reducer(state, { type: 'room-event', event, now });
/** The room on screen (the tests are in one). */
const here = (s: AppState) => {
  const r = currentRoom(s);
  if (!r) throw new Error('not in a room');
  return r;
};
const entries = (s: AppState): TimelineEntry[] => here(s).timeline.items.slice(0, here(s).timeline.length);
const apply = (s: AppState, ...actions: Action[]) => actions.reduce(reducer, s);

describe('reducer: room events', () => {
  it('adds messages, marks my own, and routes 1:1 messages to the 1:1 conversation', () => {
    let s = inRoom();
    s = ev(s, { t: 'msg', mid: 1, ts: 1, from: 'hana', scope: 'room', text: 'hi' });
    s = ev(s, { t: 'msg', mid: 2, ts: 2, from: 'ATOM', scope: 'room', text: 'hello' });
    s = ev(s, { t: 'msg', mid: 3, ts: 3, from: 'hana', scope: 'dm', to: 'atom', text: 'psst' });
    const [first, second] = entries(s);
    expect(first).toMatchObject({ kind: 'msg', own: false, text: 'hi' });
    expect(second).toMatchObject({ kind: 'msg', own: true });
    expect(here(s).timeline.length).toBe(2);
    expect(here(s).dm).toMatchObject({ peer: 'hana', state: 'active', unread: 1 });
    expect(here(s).dm?.log.length).toBe(1);
  });

  it('keeps the user list and notices in step with joins, leaves, renames and status', () => {
    let s = inRoom();
    s = ev(s, { t: 'joined', ts: 1, user: { nick: 'jun', status: 'active' } });
    s = ev(s, { t: 'status', ts: 2, nick: 'jun', status: 'away', awayText: 'lunch' });
    s = ev(s, { t: 'renamed', ts: 3, from: 'atom', to: 'atom2' });
    s = ev(s, { t: 'left', ts: 4, nick: 'hana', reason: 'quit' });
    expect(here(s).users.map((u) => u.nick)).toEqual(['atom2', 'jun']);
    expect(here(s).users.find((u) => u.nick === 'jun')).toMatchObject({ status: 'away', awayText: 'lunch' });
    expect(here(s).room?.nick).toBe('atom2');
    expect(entries(s).map((e) => (e.kind === 'notice' ? e.notice.type : 'msg'))).toEqual([
      'joined',
      'away',
      'renamed',
      'left',
    ]);
  });

  it('tracks my away state; coming back shows the held messages, in order, after their count', () => {
    let s = apply(inRoom(), { type: 'away', away: true });
    expect(here(s).away).toBe(true);
    s = ev(s, { t: 'awake', missed: 12, held: 2 });
    expect(here(s).away).toBe(false);
    s = ev(s, { t: 'msg', mid: 11, ts: 11, from: 'hana', scope: 'room', text: 'eleven', hist: true, run: 'A' });
    s = ev(s, { t: 'msg', mid: 12, ts: 12, from: 'hana', scope: 'room', text: 'twelve', hist: true, run: 'A' });
    s = ev(s, { t: 'msg', mid: 13, ts: 13, from: 'hana', scope: 'room', text: 'live', run: 'A' });
    expect(entries(s).map((e) => (e.kind === 'notice' ? e.notice : e.kind === 'msg' ? e.text : e.kind))).toEqual([
      { type: 'away-held', held: 2, lost: 10 },
      'eleven',
      'twelve',
      'live',
    ]);
  });

  it('says so when the room kept nothing while I was away (an old host, or history off)', () => {
    let s = ev(inRoom(), { t: 'awake', missed: 3 });
    s = ev(s, { t: 'awake', missed: 4, held: 0 });
    s = ev(s, { t: 'awake', missed: 0, held: 0 });
    expect(entries(s).map((e) => e.kind === 'notice' && e.notice)).toEqual([
      { type: 'away-not-kept', missed: 3 },
      { type: 'away-not-kept', missed: 4 },
    ]);
  });

  it('marks replayed history with one "Earlier messages" line and never shows a message twice', () => {
    const say = (mid: number, hist: boolean, run = 'A'): RoomEvent => ({
      t: 'msg',
      mid,
      ts: mid,
      from: 'hana',
      scope: 'room',
      text: `m${mid}`,
      run,
      ...(hist ? { hist: true as const } : {}),
    });
    let s = inRoom();
    for (const mid of [1, 2, 3]) s = ev(s, say(mid, true));
    s = ev(s, say(4, false));
    // Rejoined: the host replays its recent history, which overlaps what is on screen.
    for (const mid of [2, 3, 4, 5, 6]) s = ev(s, say(mid, true));
    // The host restarted: a new run whose mids start again are new messages.
    for (const mid of [1, 2]) s = ev(s, say(mid, true, 'B'));
    const shown = entries(s).map((e) =>
      e.kind === 'notice' ? e.notice.type : e.kind === 'msg' ? `${e.run}${e.text}` : '',
    );
    expect(shown).toEqual(['earlier', 'Am1', 'Am2', 'Am3', 'Am4', 'earlier', 'Am5', 'Am6', 'Bm1', 'Bm2']);
    expect(new Set(entries(s).map((e) => e.key)).size).toBe(entries(s).length);
  });

  it('takes the text limit and history size from the room snapshot, with the protocol default when absent', () => {
    expect(here(inRoom()).room).toMatchObject({ textBytes: 4096, historyKept: 0 });
    const s = reducer(initialState(), {
      type: 'joined',
      room: { ...room, limits: { textBytes: 1000, historyKept: 50 } },
      now: 0,
    });
    expect(here(s).room).toMatchObject({ textBytes: 1000, historyKept: 50 });
  });

  it('runs a 1:1 from request to start to end', () => {
    let s = ev(inRoom(), { t: 'with.request', from: 'hana', expiresInMs: 60_000 }, 1000);
    expect(here(s).dmRequests).toEqual([{ from: 'hana', expiresAt: 61_000 }]);
    s = ev(s, { t: 'with.started', peer: 'hana' });
    expect(here(s).dmRequests).toEqual([]);
    expect(here(s).dm).toMatchObject({ peer: 'hana', state: 'active' });
    s = ev(s, { t: 'with.ended', peer: 'hana', reason: 'ended', by: 'hana' });
    expect(here(s).dm).toBeNull();
  });

  it('shows my pending request, and a decline closes it with a notice', () => {
    let s = reducer(inRoom(), { type: 'dm-pending', peer: 'hana' });
    expect(here(s).dm?.state).toBe('pending-out');
    s = ev(s, { t: 'with.ended', peer: 'hana', reason: 'declined' });
    expect(here(s).dm).toBeNull();
    expect(entries(s).at(-1)).toMatchObject({ kind: 'notice', notice: { type: 'dm-ended', reason: 'declined' } });
  });
});

describe('reducer: rooms by id', () => {
  it('applies each event to the room it names, the current one when it names none', () => {
    let s = inRoom();
    expect(s.currentRoomId).toBe('r1');
    s = reducer(s, { type: 'room-event', roomId: 'elsewhere', event: { t: 'awake', missed: 3 }, now: 0 });
    s = reducer(s, { type: 'users', roomId: 'elsewhere', users: [] });
    expect(here(s)).toMatchObject({ users: room.users });
    expect(here(s).timeline.length).toBe(0);
    s = reducer(s, { type: 'room-event', roomId: 'r1', event: { t: 'awake', missed: 2 }, now: 0 });
    s = reducer(s, { type: 'users', roomId: 'r1', users: [room.users[1]!] });
    expect(here(s)).toMatchObject({ users: [{ nick: 'hana' }] });
    expect(entries(s)).toMatchObject([{ notice: { type: 'away-not-kept', missed: 2 } }]);
    s = reducer(s, { type: 'connection', connection: { phase: 'reconnecting', roomId: 'r1', attempt: 1 } });
    expect(here(s).connection).toMatchObject({ phase: 'reconnecting', attempt: 1 });
  });

  it('leaving the room on screen returns home; a stray leave for another room does not', () => {
    let s = reducer(inRoom(), { type: 'left', roomId: 'elsewhere' });
    expect(currentRoom(s)?.roomId).toBe('r1');
    s = reducer(s, { type: 'left', roomId: 'r1' });
    expect(currentRoom(s)).toBeNull();
    expect(s.rooms).toEqual({});
  });
});

describe('reducer: files', () => {
  const info: TransferInfo = {
    transferId: 't1',
    offerId: 'o1',
    direction: 'send',
    peer: 'hana',
    name: 'a.bin',
    size: 100,
    bytes: 0,
    state: 'running',
    resumable: false,
    canShowInFolder: false,
    createdAt: 1,
  };

  it('merges progress into the matching transfer and clears speed when it stops', () => {
    let s = apply(
      inRoom(),
      { type: 'transfer', transfer: info },
      { type: 'progress', items: [{ transferId: 't1', bytes: 40, size: 100, bytesPerSec: 10, etaMs: 6000 }] },
    );
    expect(s.transfers[0]).toMatchObject({ bytes: 40, bytesPerSec: 10, etaMs: 6000 });
    s = reducer(s, { type: 'transfer', transfer: { ...info, bytes: 100, state: 'verified', canShowInFolder: true } });
    expect(s.transfers).toHaveLength(1);
    expect(s.transfers[0]).toMatchObject({ state: 'verified', bytesPerSec: 0, etaMs: null });
  });

  it('drops the transfers the main process cleared, and only those', () => {
    const s = apply(
      inRoom(),
      { type: 'transfer', transfer: { ...info, state: 'verified' } },
      { type: 'transfer', transfer: { ...info, transferId: 't2' } },
      { type: 'transfers-cleared', transferIds: ['t1', 'gone'] },
    );
    expect(s.transfers.map((t) => t.transferId)).toEqual(['t2']);
  });

  it('queues offers for consent, skips auto-accepted ones, and drops closed ones', () => {
    const offer = {
      offerId: 'o9',
      from: 'hana',
      files: [{ index: 0, name: 'x', size: 1 }],
      totalBytes: 1,
      expiresInMs: 60_000,
      autoAccepted: false,
    };
    let s = reducer(inRoom(), { type: 'offer', offer, now: 5 });
    expect(s.offers).toEqual([{ ...offer, expiresAt: 60_005 }]);
    s = reducer(s, { type: 'offer', offer: { ...offer, offerId: 'o10', autoAccepted: true }, now: 5 });
    expect(s.offers).toHaveLength(1);
    s = reducer(s, { type: 'offer-closed', offerId: 'o9' });
    expect(s.offers).toEqual([]);
  });
});
