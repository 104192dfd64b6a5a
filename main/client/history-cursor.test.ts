import { describe, expect, it } from 'vitest';
import type { WelcomeMessage } from '../protocol/messages.js';
import { HistoryCursor } from './history-cursor.js';

const welcome = (run?: string): WelcomeMessage => ({
  t: 'welcome',
  v: 1,
  server: 'test',
  room: { name: '', passwordRequired: false, maxUsers: 9 },
  limits: { frameBytes: 16384, textBytes: 4096, nickChars: 24 },
  ...(run === undefined ? {} : { history: { run, kept: 1000 } }),
});

describe('the history cursor', () => {
  it('asks for the recent messages first, then for what came after the last one seen in the same run', () => {
    const cursor = new HistoryCursor(20);
    expect(cursor.wanted(welcome('run-a'))).toEqual({ max: 20 });
    cursor.seen(7, false); // replayed before the login completed
    cursor.loggedIn();
    cursor.seen(9, true);
    cursor.seen(8, true);
    expect(cursor.position).toEqual({ run: 'run-a', after: 9 });
    expect(cursor.wanted(welcome('run-a'))).toEqual({ run: 'run-a', after: 9, max: 20 });
  });

  it('starts over when the host restarted (another run), and forgets a login that failed', () => {
    const cursor = new HistoryCursor(undefined);
    expect(cursor.wanted(welcome('run-a'))).toBeUndefined();
    cursor.loggedIn();
    cursor.seen(50, true);
    expect(cursor.wanted(welcome('run-b'))).toEqual({ run: 'run-a', after: 50 });
    cursor.seen(3, false); // the refused attempt's frames count for nothing
    expect(cursor.wanted(welcome('run-b'))).toEqual({ run: 'run-a', after: 50 });
    cursor.seen(4, false);
    cursor.loggedIn();
    expect(cursor.position).toEqual({ run: 'run-b', after: 4 });
  });

  it('asks nothing of a host without history', () => {
    const cursor = new HistoryCursor(5);
    expect(cursor.wanted(welcome())).toEqual({ max: 5 });
    cursor.loggedIn();
    expect(cursor.position).toBeUndefined();
  });
});
