/**
 * The outbox on the room screen: what I send shows at once as mine and "Sending…", becomes the room's message once,
 * or shows failed with its reason and Retry / Delete; while reconnecting the composer keeps taking messages.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OutboxItem, Reply } from '@contract/ipc-contract';
import { App } from '../App';
import { fail, makeSettings, ok, type FakeApi } from '../test-support/fake-api';
import { renderWithApp } from '../test-support/render';
import { chat, labRoom, roomSnapshot } from '../test-support/room-fixture';

const box = () => screen.getByRole('textbox', { name: 'Message lab' }) as HTMLTextAreaElement;
const log = () => screen.getByRole('log', { name: 'Messages' });
const roomId = labRoom.roomId;

/** Main's outbox: every message is queued (an `outbox` event) and its answer waits until the test settles it. */
function queueing(api: FakeApi) {
  const waiting = new Map<string, { item: OutboxItem; answer: (reply: Reply<{ mid: number }>) => void }>();
  api.handle('room.say', ({ text, scope, cid }) => {
    const item: OutboxItem = { cid: cid!, state: 'sending', text, ...(scope ? { scope } : {}) };
    api.emit('outbox', { ...item, roomId });
    return new Promise((answer) => waiting.set(cid!, { item, answer }));
  });
  const find = (text: string) => [...waiting.values()].find((w) => w.item.text === text)!;
  return {
    cidOf: (text: string) => find(text).item.cid,
    /** The room posts it: its copy to me first (as the host does), then the answer. */
    post(text: string, mid: number) {
      const { item, answer } = find(text);
      return { item: { ...item, state: 'sent' as const, mid, roomId }, echo: chat('atom', text, { mid }), answer };
    },
    refuse(text: string) {
      const { item, answer } = find(text);
      api.emit('outbox', {
        ...item,
        state: 'failed',
        error: { code: 'banned_word', message: 'The message contains a banned word.' },
        roomId,
      });
      answer(fail('banned_word'));
    },
  };
}

describe('the outbox on the room screen', () => {
  it('shows my message at once as sending, then as the room’s message, once', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const main = queueing(api);
    await user.type(box(), 'hello there{Enter}');
    await waitFor(() => expect(box().value).toBe(''));
    const row = within(log()).getByText('hello there').closest('[data-pending]')!;
    expect(row.getAttribute('data-pending')).toBe('sending');
    expect(within(row as HTMLElement).getByText('Sending…')).toBeTruthy();
    expect(api.callsTo('room.say')[0]?.cid).toMatch(/^[A-Za-z0-9_-]{1,64}$/);

    const { item, echo, answer } = main.post('hello there', 41);
    emit('room', { ...echo, roomId });
    emit('outbox', item);
    answer(ok({ mid: 41 }));
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    expect(within(log()).getAllByText('hello there')).toHaveLength(1);
    expect(log().querySelector('[data-pending]')).toBeNull();
  });

  it('shows a refused message as failed with its reason; Retry and Delete work from the keyboard', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const main = queueing(api);
    await user.type(box(), 'a banned thing{Enter}');
    await waitFor(() => expect(box().value).toBe(''));
    main.refuse('a banned thing');
    const reason = await screen.findByText(/The room refused this message: it contains a word the host banned\./);
    expect(reason.textContent).toMatch(/^Not sent\./);
    // The reason is on the message, not a second time as an error line.
    expect(screen.queryByRole('alert')).toBeNull();

    const retry = screen.getByRole('button', { name: 'Retry sending “a banned thing”' });
    retry.focus();
    await user.keyboard('{Enter}');
    expect(api.callsTo('room.retry')).toEqual([{ roomId, cid: main.cidOf('a banned thing') }]);
    emit('outbox', { cid: main.cidOf('a banned thing'), state: 'failed', text: 'a banned thing', roomId });

    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Delete the unsent message “a banned thing”' }),
    );
    await user.keyboard('{Enter}');
    expect(api.callsTo('room.discard')).toEqual([{ roomId, cid: main.cidOf('a banned thing') }]);
    await waitFor(() => expect(within(log()).queryByText('a banned thing')).toBeNull());
  });

  it('keeps the composer working while reconnecting, and says the messages wait for the connection', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    queueing(api);
    emit('connection', { phase: 'reconnecting', roomId, host: labRoom.host, port: labRoom.port, attempt: 1 });
    expect(screen.getByText(/Not connected: what you send now waits/)).toBeTruthy();
    expect(box().disabled).toBe(false);
    await user.type(box(), 'typed offline{Enter}');
    await waitFor(() => expect(box().value).toBe(''));
    expect(within(log()).getByText('typed offline')).toBeTruthy();
    expect(screen.getByText('Sending…')).toBeTruthy();
    emit('connection', { phase: 'connected', roomId, host: labRoom.host, port: labRoom.port });
    expect(screen.queryByText(/Not connected: what you send now waits/)).toBeNull();
  });

  it('keeps the text in the box when main refuses it before the outbox', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    api.handle('room.say', () => fail('not_connected'));
    await user.type(box(), 'nowhere{Enter}');
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(box().value).toBe('nowhere');
    expect(screen.queryByText('Sending…')).toBeNull();
  });

  it('counts the parts of a split message as sent once queued', async () => {
    const snapshot = roomSnapshot({ room: { ...labRoom, limits: { textBytes: 1000, historyKept: 100 } } });
    const { user, api } = renderWithApp(<App />, { snapshot });
    queueing(api);
    const text = `${'a'.repeat(900)} ${'b'.repeat(900)} ${'c'.repeat(900)}`;
    fireEvent.change(box(), { target: { value: text } });
    await user.click(screen.getByRole('button', { name: 'Split into 3 messages' }));
    await waitFor(() => expect(box().value).toBe(''));
    expect(api.callsTo('room.say').map((s) => s.text.trim()[0])).toEqual(['a', 'b', 'c']);
    expect(screen.getAllByText('Sending…')).toHaveLength(3);
  });

  it('restores sending and failed messages after a reload, in Korean too', () => {
    renderWithApp(<App />, {
      language: 'ko',
      snapshot: roomSnapshot({
        settings: makeSettings({ language: 'ko' }),
        room: {
          ...labRoom,
          outbox: [
            { cid: 'a1', state: 'sending', text: '대기 중인 글', scope: 'room' },
            { cid: 'b2', state: 'failed', text: '거절된 글', error: { code: 'not_connected', message: 'offline' } },
          ],
        },
      }),
    });
    expect(screen.getByText('보내는 중…')).toBeTruthy();
    expect(screen.getByText(/보내지 못했습니다\. 방과 연결되어 있지 않았습니다\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: '“거절된 글” 다시 보내기' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '보내지 못한 메시지 “거절된 글” 삭제' })).toBeTruthy();
  });
});
