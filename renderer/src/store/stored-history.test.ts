import { describe, expect, it } from 'vitest';
import type { HistoryEntry, RoomEvent } from '@contract/ipc-contract';
import { makeSnapshot } from '../test-support/fake-api';
import { labRoom } from '../test-support/room-fixture';
import type { Action } from './actions';
import type { AppState, TimelineEntry } from './model';
import { initialState, reducer } from './reducer';
import { currentRoom } from './selectors';

const KEY = labRoom.roomKey;
const stored = (
  id: number,
  text: string,
  extra: Partial<Extract<HistoryEntry, { kind: 'msg' }>> = {},
): HistoryEntry => ({
  id,
  roomKey: KEY,
  ts: 1_000 + id,
  kind: 'msg',
  mid: id,
  from: 'hana',
  scope: 'room',
  text,
  own: false,
  ...extra,
});
const inRoom = (): AppState =>
  reducer(initialState(), { type: 'snapshot', snapshot: makeSnapshot({ room: labRoom }), now: 0 });
const apply = (s: AppState, ...actions: Action[]) => actions.reduce(reducer, s);
const live = (event: RoomEvent & { historyId?: number }): Action => ({
  type: 'room-event',
  roomId: labRoom.roomId,
  event,
  now: 0,
});
const page = (entries: HistoryEntry[], hasOlder: boolean, older = false): Action => ({
  type: 'history-page',
  roomId: labRoom.roomId,
  page: { entries, hasOlder, hasNewer: false },
  older,
});
const rows = (s: AppState): TimelineEntry[] => {
  const log = currentRoom(s)!.timeline;
  return log.items.slice(0, log.length);
};
const texts = (s: AppState) =>
  rows(s).map((e) =>
    e.kind === 'msg'
      ? e.text
      : e.kind === 'file'
        ? `file:${e.file.files.map((f) => f.name).join(',')}`
        : e.notice.type === 'server'
          ? e.notice.text
          : e.notice.type,
  );

describe('stored history in the room timeline', () => {
  it('puts the newest page before live messages and shows nothing twice (by historyId)', () => {
    let s = inRoom();
    // Live and replayed messages came before the page answered; the replay names its stored entry.
    s = apply(
      s,
      live({ t: 'msg', mid: 3, ts: 3, from: 'hana', scope: 'room', text: 'three', hist: true, run: 'r', historyId: 3 }),
      live({ t: 'msg', mid: 4, ts: 4, from: 'hana', scope: 'room', text: 'four', run: 'r', historyId: 4 }),
    );
    s = apply(s, page([stored(1, 'one'), stored(2, 'two'), stored(3, 'three'), stored(4, 'four')], true));
    expect(texts(s)).toEqual(['one', 'two', 'earlier', 'three', 'four']);
    expect(currentRoom(s)!.stored).toEqual({ loaded: true, hasOlder: true, oldestId: 1 });

    // A replay after the page, of entries it already showed, adds nothing.
    const again = apply(
      s,
      live({ t: 'msg', mid: 2, ts: 2, from: 'hana', scope: 'room', text: 'two', hist: true, run: 'r2', historyId: 2 }),
    );
    expect(texts(again)).toEqual(texts(s));
  });

  it('prepends older pages, keeps the cursor, and skips 1:1 messages and my unsent ones', () => {
    let s = apply(inRoom(), page([stored(10, 'ten'), stored(11, 'eleven')], true));
    s = apply(
      s,
      page(
        [
          stored(7, 'seven'),
          stored(8, 'just us', { scope: 'dm', to: 'atom' }),
          stored(9, 'not sent yet', { own: true, from: 'atom', state: 'sending', cid: 'c1', mid: undefined }),
        ],
        false,
        true,
      ),
    );
    expect(texts(s)).toEqual(['seven', 'ten', 'eleven']);
    expect(currentRoom(s)!.stored).toEqual({ loaded: true, hasOlder: false, oldestId: 7 });
    expect(rows(s)[0]).toMatchObject({ kind: 'msg', stored: true, historyId: 7, own: false });
  });

  it('words stored notices like live ones and keeps local notices after the entries before them', () => {
    let s = apply(inRoom(), {
      type: 'local-notice',
      notice: { type: 'error', text: 'local error' },
      now: 5,
    });
    s = apply(
      s,
      page(
        [
          { id: 1, roomKey: KEY, ts: 1, kind: 'notice', notice: { type: 'joined', nick: 'jun' } },
          { id: 2, roomKey: KEY, ts: 2, kind: 'notice', notice: { type: 'server', code: 'x', text: 'from server' } },
        ],
        false,
      ),
    );
    expect(rows(s).map((e) => e.kind === 'notice' && e.notice.type)).toEqual(['joined', 'server', 'error']);
  });

  it('a live notice carries its historyId, so the page does not add it again', () => {
    let s = apply(inRoom(), live({ t: 'joined', ts: 5, user: { nick: 'jun', status: 'active' }, historyId: 5 }));
    s = apply(
      s,
      page(
        [stored(4, 'four'), { id: 5, roomKey: KEY, ts: 5, kind: 'notice', notice: { type: 'joined', nick: 'jun' } }],
        false,
      ),
    );
    expect(texts(s)).toEqual(['four', 'joined']);
  });

  it('applies events that came before the join answered once the room is joined', () => {
    const other = { ...labRoom, roomId: 'lab-2' };
    let s = apply(initialState(), {
      type: 'room-event',
      roomId: 'lab-2',
      event: { t: 'msg', mid: 1, ts: 1, from: 'hana', scope: 'room', text: 'said before', hist: true, run: 'r' },
      now: 0,
    });
    s = apply(s, { type: 'joined', room: other, now: 0 });
    expect(texts(s)).toEqual(['earlier', 'said before']);
    expect(s.early).toBeNull();
  });

  it('clearing history empties the room on screen', () => {
    let s = apply(inRoom(), page([stored(1, 'one')], true));
    s = apply(s, { type: 'history-cleared' });
    expect(texts(s)).toEqual([]);
    expect(currentRoom(s)!.stored).toMatchObject({ hasOlder: false });
  });

  it("a reload during a 1:1 puts its stored messages and file cards back in its panel; an ended 1:1's card stays in the room log", () => {
    let s = reducer(initialState(), {
      type: 'snapshot',
      snapshot: makeSnapshot({ room: { ...labRoom, dmPeer: 'hana' } }),
      now: 0,
    });
    const card = (id: number, peer: string): HistoryEntry => ({
      id,
      roomKey: KEY,
      ts: 1_000 + id,
      kind: 'file',
      from: peer,
      to: 'atom',
      scope: 'dm',
      own: false,
      file: { direction: 'receive', offerId: `o${id}`, peer, files: [{ name: `from-${peer}.png`, size: 3 }] },
    });
    s = apply(
      s,
      page(
        [
          stored(1, 'in the room'),
          card(2, 'jun'),
          stored(3, 'just us', { scope: 'dm', to: 'atom' }),
          card(4, 'hana'),
          stored(5, 'whisper to jun', { scope: 'dm', from: 'jun', to: 'atom' }),
        ],
        false,
      ),
    );
    expect(texts(s)).toEqual(['in the room', 'file:from-jun.png']);
    const dm = currentRoom(s)!.dm!;
    expect(dm.peer).toBe('hana');
    expect(
      dm.log.items.slice(0, dm.log.length).map((e) => (e.kind === 'msg' ? `${e.scope}:${e.text}` : e.kind)),
    ).toEqual(['dm:just us', 'file']);
    // The same page again (a second load) adds nothing twice.
    s = apply(s, page([card(4, 'hana'), stored(3, 'just us', { scope: 'dm', to: 'atom' })], false));
    expect(currentRoom(s)!.dm!.log.length).toBe(2);
  });
});
