/**
 * What the page needs for long messages, through the real app services and a real room: the room's text limit in
 * the snapshot, and a message over it refused as `text_too_long` (never a frame size).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '@contract/ipc-contract';
import { MAX_TEXT_BYTES } from '../protocol/limits.js';
import { createTestApp, type TestApp } from './test-support.js';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
});

describe('long messages through the app services', () => {
  it('tells the page the text limit, and refuses too long a message with a code the page can word', async () => {
    const alice = await createTestApp('alice');
    apps.push(alice);
    await alice.ok('app.ready');
    const state = await alice.ok('host.start', { port: 0, maxUsers: 10, roomName: 'lab' });
    if (!state.running) throw new Error('not running');
    const room = await alice.ok('room.join', { host: '127.0.0.1', port: state.port, nick: 'alice' });
    expect(room.limits).toEqual({ textBytes: MAX_TEXT_BYTES, historyKept: expect.any(Number) });

    for (const text of ['가'.repeat(MAX_TEXT_BYTES / 3 + 1), 'x'.repeat(20_000)]) {
      const reply = await alice.call('room.say', { roomId: room.roomId, text });
      expect(reply).toMatchObject({ ok: false, error: { code: 'text_too_long' } });
      if (!reply.ok) expect(reply.error.message).not.toMatch(/frame|bytes exceeds/);
    }

    const fits = 'x'.repeat(MAX_TEXT_BYTES);
    await alice.ok('room.say', { roomId: room.roomId, text: fits });
    const msg = await alice.waitFor('room', (e: RoomEvent) => e.t === 'msg' && e.text === fits);
    expect(msg).toMatchObject({ from: 'alice' });
  });
});
