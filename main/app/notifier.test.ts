import { describe, expect, it } from 'vitest';
import type { FocusTarget, RoomEvent } from '@contract/ipc-contract';
import { mentions, Notifier } from './notifier.js';

function setup(options: { focused?: boolean; enabled?: boolean; language?: 'en' | 'ko' } = {}) {
  const shown: { title: string; body: string; onClick: () => void }[] = [];
  const focused: FocusTarget[] = [];
  const notifier = new Notifier({
    enabled: () => options.enabled ?? true,
    language: () => options.language ?? 'en',
    myNick: () => 'Atom',
    isFocused: () => options.focused ?? false,
    notify: (n) => shown.push(n),
    focus: (target) => focused.push(target),
  });
  return { shown, focused, notifier };
}
const msg = (from: string, scope: 'room' | 'whisper' | 'dm', text: string): RoomEvent => ({
  t: 'msg',
  mid: 1,
  ts: 0,
  from,
  scope,
  text,
});

describe('notifications', () => {
  it('notifies whispers, 1:1 messages, 1:1 requests, mentions and file offers while unfocused; a click focuses the right place', () => {
    const { shown, focused, notifier } = setup();
    notifier.onRoomEvent(msg('bo', 'whisper', 'psst'));
    notifier.onRoomEvent(msg('bo', 'dm', 'private'));
    notifier.onRoomEvent({ t: 'with.request', from: 'bo', expiresInMs: 60_000 });
    notifier.onRoomEvent(msg('bo', 'room', 'hey @atom look'));
    notifier.onOffer({
      offerId: 'o1',
      from: 'bo',
      files: [{ index: 0, name: 'a.txt', size: 1 }],
      totalBytes: 1,
      expiresInMs: 60_000,
      autoAccepted: false,
    });
    expect(shown.map((n) => n.title)).toEqual([
      'Whisper from bo',
      'bo (1:1)',
      'bo asks for a 1:1 conversation',
      'bo mentioned you',
      'bo wants to send you a file',
    ]);
    for (const n of shown) n.onClick();
    expect(focused).toEqual([
      { kind: 'whisper', peer: 'bo' },
      { kind: 'dm', peer: 'bo' },
      { kind: 'with.request', from: 'bo' },
      { kind: 'room' },
      { kind: 'offer', offerId: 'o1' },
    ]);
  });

  it('stays quiet for ordinary room chat, my own messages, a focused window, disabled notifications, auto-accepted offers', () => {
    const quiet = setup();
    quiet.notifier.onRoomEvent(msg('bo', 'room', 'hello all'));
    quiet.notifier.onRoomEvent(msg('atom', 'whisper', 'mine'));
    quiet.notifier.onOffer({ offerId: 'o', from: 'bo', files: [], totalBytes: 0, expiresInMs: 1, autoAccepted: true });
    expect(quiet.shown).toEqual([]);
    const focusedWin = setup({ focused: true });
    focusedWin.notifier.onRoomEvent(msg('bo', 'whisper', 'x'));
    expect(focusedWin.shown).toEqual([]);
    const off = setup({ enabled: false });
    off.notifier.onRoomEvent(msg('bo', 'whisper', 'x'));
    expect(off.shown).toEqual([]);
  });

  it('speaks Korean when the app does, and clips long bodies', () => {
    const { shown, notifier } = setup({ language: 'ko' });
    notifier.onRoomEvent(msg('bo', 'whisper', 'x'.repeat(5000)));
    expect(shown[0]?.title).toBe('[귓속말] bo');
    expect([...(shown[0]?.body ?? '')].length).toBe(200);
  });

  it('finds a mention only as a whole word, case-insensitively', () => {
    expect(mentions('Atom: are you there?', 'atom')).toBe(true);
    expect(mentions('ping @ATOM', 'atom')).toBe(true);
    expect(mentions('안녕 atom님', 'atom')).toBe(true);
    expect(mentions('철수야 밥 먹자', '철수')).toBe(true);
    expect(mentions('영철수', '철수')).toBe(false);
    expect(mentions('atomic energy', 'atom')).toBe(false);
    expect(mentions('a.b', 'a.b')).toBe(true);
    expect(mentions('axb', 'a.b')).toBe(false);
  });
});

describe('notifications of received files', () => {
  it('says once what an offer brought, or how much of it did not arrive; a click opens the transfers', () => {
    const { shown, focused, notifier } = setup();
    notifier.onReceived({ from: 'bo', verified: ['a.txt'], failed: [] });
    notifier.onReceived({ from: 'bo', verified: ['a.txt', 'b.txt'], failed: [] });
    notifier.onReceived({ from: 'bo', verified: ['a.txt'], failed: ['b.txt'] });
    expect(shown.map((n) => [n.title, n.body])).toEqual([
      ['File received from bo', 'a.txt'],
      ['2 files received from bo', 'a.txt, b.txt'],
      ['1 of 2 files from bo did not arrive', 'a.txt, b.txt'],
    ]);
    shown[0]!.onClick();
    expect(focused).toEqual([{ kind: 'transfers' }]);
  });

  it('stays quiet while the window has focus, and speaks Korean when asked', () => {
    const focusedWindow = setup({ focused: true });
    focusedWindow.notifier.onReceived({ from: 'bo', verified: ['a.txt'], failed: [] });
    expect(focusedWindow.shown).toEqual([]);
    const korean = setup({ language: 'ko' });
    korean.notifier.onReceived({ from: '보라', verified: ['a.txt', 'b.txt'], failed: [] });
    expect(korean.shown[0]?.title).toBe('보라님이 보낸 파일 2개를 받았습니다');
  });
});
