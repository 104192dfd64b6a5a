import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HostState } from '@contract/ipc-contract';
import { App } from '../App';
import { fail, makeSettings, ok } from '../test-support/fake-api';
import { renderWithApp } from '../test-support/render';
import { labRoom, roomSnapshot } from '../test-support/room-fixture';

const closedByHost = {
  phase: 'closed',
  roomId: labRoom.roomId,
  host: labRoom.host,
  port: labRoom.port,
  nick: 'atom',
  reason: 'server_shutdown',
  message: 'The server is shutting down.',
} as const;

describe('leaving a room', () => {
  it('asks first: Stay keeps me in the room, Leave leaves', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot({ room: { ...labRoom, dmPeer: 'hana' } }) });
    await user.click(screen.getByRole('button', { name: 'Leave room' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Leave this room?' });
    expect(dialog.textContent).toContain('Your 1:1 with hana ends.');
    expect(document.activeElement?.textContent).toBe('Stay');
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('room.leave')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Leave room' }));
    await user.keyboard('{Escape}');
    expect(api.callsTo('room.leave')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Leave room' }));
    dialog = screen.getByRole('alertdialog', { name: 'Leave this room?' });
    await user.click(within(dialog).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(api.callsTo('room.leave')).toEqual([{ roomId: labRoom.roomId }]));
    expect(await screen.findByRole('heading', { name: 'Join a room' })).toBeTruthy();
  });

  it('keeps Leave where it was when Transfers opens (click the same spot twice: nothing leaves)', async () => {
    const { user } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const header = screen.getByRole('banner');
    const buttons = () => within(header).getAllByRole('button');
    expect(buttons().at(-1)?.getAttribute('aria-label')).toBe('Leave room');
    await user.click(within(header).getByRole('button', { name: 'Transfers' }));
    expect(screen.getByRole('region', { name: 'Transfers' })).toBeTruthy();
    expect(buttons().at(-1)?.getAttribute('aria-label')).toBe('Leave room');
  });
});

describe('a room its host closed', () => {
  it('is not shown to the host: stopping my own room while in it takes me home', async () => {
    const mine = { ...labRoom, host: '127.0.0.1' };
    const host: HostState = {
      running: true,
      port: labRoom.port,
      roomName: 'lab',
      maxUsers: 10,
      passwordRequired: false,
      addresses: [],
      userCount: 3,
    };
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot({ room: mine, host }) });
    api.handle('host.stop', () => ok({ running: false }));
    await user.click(screen.getByRole('button', { name: 'Stop hosting' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(api.callsTo('room.leave')).toEqual([{ roomId: labRoom.roomId }]));
    expect(await screen.findByRole('heading', { name: 'Join a room' })).toBeTruthy();
  });

  it('says so, drops the people, the 1:1 and the composer, and keeps the conversation', () => {
    const { emit } = renderWithApp(<App />, { snapshot: roomSnapshot({ room: { ...labRoom, dmPeer: 'hana' } }) });
    expect(screen.getByRole('region', { name: '1:1 with hana' })).toBeTruthy();
    emit('room', { t: 'notice', code: 'host_stopping', text: 'The host closed the room.' });
    emit('connection', closedByHost);
    expect(screen.getByRole('region', { name: 'This room was closed by its host' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'This room was closed by its host' })).toBeTruthy();
    expect(screen.getByRole('log', { name: 'Messages' }).textContent).toContain('The host closed the room.');
    expect(screen.queryByRole('region', { name: '1:1 with hana' })).toBeNull();
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByText(/Reconnecting/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Leave room' })).toBeNull();
  });

  it('Back to home leaves it', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('connection', closedByHost);
    await user.click(screen.getByRole('button', { name: 'Back to home' }));
    expect(api.callsTo('room.leave')).toEqual([{ roomId: labRoom.roomId }]);
    expect(await screen.findByRole('heading', { name: 'Join a room' })).toBeTruthy();
  });

  it('Rejoin joins the same room with my nickname again, and says why when it cannot', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    api.handle('room.join', () => fail('refused'));
    emit('connection', closedByHost);
    await user.click(screen.getByRole('button', { name: 'Rejoin' }));
    expect(api.callsTo('room.join')).toEqual([{ host: labRoom.host, port: labRoom.port, nick: 'atom' }]);
    expect(await screen.findByRole('alert')).toBeTruthy();

    api.handle('room.join', () => ok({ ...labRoom, roomId: 'lab-2' }));
    await user.click(screen.getByRole('button', { name: 'Rejoin' }));
    expect(await screen.findByRole('textbox', { name: 'Message lab' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'This room was closed by its host' })).toBeNull();
  });

  it('is worded in Korean too', () => {
    const settings = makeSettings({ language: 'ko' });
    const { emit } = renderWithApp(<App />, { snapshot: roomSnapshot({ settings }), language: 'ko' });
    emit('connection', closedByHost);
    expect(screen.getByRole('region', { name: '방장이 이 방을 닫았습니다' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '홈으로 돌아가기' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '다시 들어가기' })).toBeTruthy();
  });
});

describe('consent requests answered later', () => {
  it('Escape on a 1:1 request keeps it in a pending banner that reopens it, without declining', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('room', { t: 'with.request', from: 'hana', expiresInMs: 60_000 });
    screen.getByRole('alertdialog', { name: '1:1 request' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('room.withAnswer')).toEqual([]);
    const banner = screen.getByRole('region', { name: 'Waiting for your answer' });
    await user.click(within(banner).getByRole('button', { name: /hana asked for a 1:1/ }));
    const dialog = screen.getByRole('alertdialog', { name: '1:1 request' });
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(api.callsTo('room.withAnswer')).toEqual([{ roomId: labRoom.roomId, from: 'hana', accept: true }]);
  });

  it('a file offer put off with Later waits in the banner until it is closed (expired)', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('file.offer', {
      offerId: 'o1',
      from: 'hana',
      files: [{ index: 0, name: 'a.txt', size: 10 }],
      totalBytes: 10,
      expiresInMs: 60_000,
      autoAccepted: false,
    });
    const dialog = screen.getByRole('alertdialog', { name: 'Incoming files' });
    await user.click(within(dialog).getByRole('button', { name: 'Later' }));
    expect(api.callsTo('files.answer')).toEqual([]);
    expect(screen.getByRole('button', { name: /hana wants to send you a file/ })).toBeTruthy();
    emit('file.offerClosed', { offerId: 'o1', reason: 'expired' });
    expect(screen.queryByRole('region', { name: 'Waiting for your answer' })).toBeNull();
  });
});
