import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { fail, makeSettings, makeSnapshot, ok } from './test-support/fake-api';
import { renderWithApp } from './test-support/render';
import { chat, labRoom, roomSnapshot } from './test-support/room-fixture';

/** The client message id the page gives each message (the protocol's cid). */
const anyCid = expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

describe('App: first run and home', () => {
  it('asks for a nickname first and remembers it', async () => {
    const { user, api } = renderWithApp(<App />, {
      snapshot: makeSnapshot({ settings: makeSettings({ nickname: '' }) }),
    });
    expect(screen.getByRole('heading', { name: 'Welcome to Sarangbang' })).toBeTruthy();
    await user.type(screen.getByLabelText('Nickname'), 'atom{Enter}');
    expect(api.callsTo('settings.update')).toContainEqual({ nickname: 'atom' });
    expect(await screen.findByRole('heading', { name: 'Host a room' })).toBeTruthy();
  });

  it('hosts a room and joins it from this computer', async () => {
    const { user, api } = renderWithApp(<App />);
    api.handle('host.start', (options) =>
      ok({
        running: true,
        port: options.port,
        roomName: 'r',
        maxUsers: options.maxUsers,
        passwordRequired: false,
        userCount: 0,
        addresses: [],
      }),
    );
    api.handle('room.join', (req) => ok({ ...labRoom, host: req.host, port: req.port, nick: req.nick }));
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect(api.callsTo('host.start')[0]).toMatchObject({ port: 30000, maxUsers: 20 });
    expect(api.callsTo('room.join')).toEqual([{ host: '127.0.0.1', port: 30000, nick: 'atom' }]);
    expect(await screen.findByRole('log', { name: 'Messages' })).toBeTruthy();
  });

  it('joins its own hosted room with the room’s code, so the host is verified by it', async () => {
    const { user, api } = renderWithApp(<App />);
    const roomCode = 'K7QX-2M9D-4HBT-Z0PA-8E3C';
    api.handle('host.start', (options) =>
      ok({
        running: true,
        port: options.port,
        roomName: 'r',
        maxUsers: options.maxUsers,
        passwordRequired: false,
        userCount: 0,
        addresses: [],
        roomCode,
      }),
    );
    api.handle('room.join', (req) => ok({ ...labRoom, host: req.host, port: req.port, nick: req.nick }));
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect(await screen.findByRole('log', { name: 'Messages' })).toBeTruthy();
    expect(api.callsTo('room.join')).toEqual([{ host: '127.0.0.1', port: 30000, nick: 'atom', code: roomCode }]);
  });

  it('joins a room by address', async () => {
    const { user, api } = renderWithApp(<App />);
    api.handle('room.join', () => ok(labRoom));
    await user.type(screen.getByLabelText('Host address'), '10.0.0.2');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByRole('heading', { name: 'lab' })).toBeTruthy();
  });
});

describe('App: in a room', () => {
  it('shows the event stream and sends what I type to the room', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('room', chat('hana', 'hello atom'));
    emit('room', { t: 'joined', ts: Date.now(), user: { nick: 'mira', status: 'active' } });
    expect(screen.getByText('hello atom')).toBeTruthy();
    expect(screen.getByText('mira joined the room.')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Message lab' }), 'hi all{Enter}');
    expect(api.callsTo('room.say')).toEqual([{ roomId: labRoom.roomId, text: 'hi all', scope: 'room', cid: anyCid }]);
  });

  it('runs slash commands: whisper, help, and unknown ones', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const box = screen.getByRole('textbox', { name: 'Message lab' });
    await user.type(box, '/to hana secret plan{Enter}');
    expect(api.callsTo('room.whisper')).toEqual([
      { roomId: labRoom.roomId, to: 'hana', text: 'secret plan', cid: anyCid },
    ]);
    await user.type(box, '/help {Enter}');
    expect(screen.getByText('/with <nick>')).toBeTruthy();
    await user.type(box, '/dance {Enter}');
    expect(screen.getByText('Unknown command /dance. Type /help.')).toBeTruthy();
  });

  it('shows a refused message as an error line', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    api.handle('room.say', () => fail('banned_word', 'That message contains a banned word.'));
    await user.type(screen.getByRole('textbox', { name: 'Message lab' }), 'bad{Enter}');
    const line = await screen.findByText('The room refused this message: it contains a word the host banned.');
    expect(line.closest('[role=alert]')).toBeTruthy();
    // Refused: the text stays in the box to be edited.
    expect((screen.getByRole('textbox', { name: 'Message lab' }) as HTMLTextAreaElement).value).toBe('bad');
  });

  it('goes away and, on return, shows the held messages after their count', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    await user.click(screen.getByRole('button', { name: 'Away' }));
    expect(api.callsTo('room.sleep')).toHaveLength(1);
    expect(screen.getByText(/You are away/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'I’m back' }));
    expect(api.callsTo('room.wakeup')).toHaveLength(1);
    emit('room', { t: 'awake', missed: 3, held: 2 });
    emit('room', chat('hana', 'second while away', { mid: 41, hist: true, run: 'r' }));
    emit('room', chat('hana', 'third while away', { mid: 42, hist: true, run: 'r' }));
    const divider = screen.getByRole('separator', { name: /2 messages while you were away/ });
    expect(divider.getAttribute('aria-label')).toContain('1 older message was no longer kept.');
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.textContent).toMatch(/2 messages while you were away.*second while away.*third while away/s);
  });

  it('accepts a 1:1 request, chats privately beside the room, and ends it', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('room', { t: 'with.request', from: 'hana', expiresInMs: 60_000 });
    const dialog = screen.getByRole('alertdialog', { name: '1:1 request' });
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(api.callsTo('room.withAnswer')).toEqual([{ roomId: labRoom.roomId, from: 'hana', accept: true }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    emit('room', { t: 'with.started', peer: 'hana' });
    emit('room', chat('hana', 'just us', { scope: 'dm', to: 'atom' }));
    const panel = screen.getByRole('region', { name: '1:1 with hana' });
    expect(within(panel).getByText('just us')).toBeTruthy();
    await user.type(within(panel).getByRole('textbox'), 'ok{Enter}');
    expect(api.callsTo('room.say')).toEqual([{ roomId: labRoom.roomId, text: 'ok', scope: 'dm', cid: anyCid }]);
    await user.click(within(panel).getByRole('button', { name: 'End 1:1' }));
    expect(api.callsTo('room.end')).toEqual([{ roomId: labRoom.roomId }]);
    emit('room', { t: 'with.ended', peer: 'hana', reason: 'ended', by: 'atom' });
    expect(screen.queryByRole('region', { name: '1:1 with hana' })).toBeNull();
  });

  it('asks for a 1:1 from the user list and shows the pending state until declined', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    await user.click(screen.getByRole('button', { name: 'Ask for a 1:1: hana' }));
    expect(api.callsTo('room.with')).toEqual([{ roomId: labRoom.roomId, to: 'hana' }]);
    expect(screen.getByText('Waiting for hana to accept…')).toBeTruthy();
    emit('room', { t: 'with.ended', peer: 'hana', reason: 'declined' });
    expect(screen.queryByText('Waiting for hana to accept…')).toBeNull();
    expect(screen.getByText('hana declined the 1:1.')).toBeTruthy();
  });

  it('asks before receiving files and sends the answer', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('file.offer', {
      offerId: 'o1',
      from: 'hana',
      files: [{ index: 0, name: 'a.txt', size: 10 }],
      totalBytes: 10,
      expiresInMs: 60_000,
      autoAccepted: false,
    });
    await user.click(
      within(screen.getByRole('alertdialog', { name: 'Incoming files' })).getByRole('button', { name: 'Decline' }),
    );
    expect(api.callsTo('files.answer')).toEqual([{ offerId: 'o1', decision: 'decline' }]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('keeps the offer open when the "Save to…" folder dialog is closed', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    api.handle('files.answer', (answer) =>
      answer.decision === 'accept' && answer.chooseFolder ? fail('cancelled') : ok(null),
    );
    emit('file.offer', {
      offerId: 'o1',
      from: 'hana',
      files: [{ index: 0, name: 'a.txt', size: 10 }],
      totalBytes: 10,
      expiresInMs: 60_000,
      autoAccepted: false,
    });
    await user.click(screen.getByRole('button', { name: 'Save to…' }));
    expect(api.callsTo('files.answer')).toEqual([
      { offerId: 'o1', decision: 'accept', chooseFolder: true, alwaysAccept: false },
    ]);
    expect(screen.getByRole('alertdialog', { name: 'Incoming files' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('closes an offer that the sender withdrew', () => {
    const { emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('file.offer', {
      offerId: 'o1',
      from: 'hana',
      files: [{ index: 0, name: 'a.txt', size: 10 }],
      totalBytes: 10,
      expiresInMs: 60_000,
      autoAccepted: false,
    });
    emit('file.offerClosed', { offerId: 'o1', reason: 'cancelled' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('sends files dropped on a person: registered first, then offered', async () => {
    const { api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const file = new File(['data'], 'data.bin');
    fireEvent.drop(screen.getByRole('listitem', { name: /^hana/ }), {
      dataTransfer: { types: ['Files'], files: [file] },
    });
    await waitFor(() => expect(api.callsTo('files.offer')).toEqual([{ to: ['hana'], fileIds: ['file-1'] }]));
    expect(api.dropped).toEqual([[file]]);
  });

  it('shows a dropped folder refusal as an error', async () => {
    const { api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    api.registerDroppedFiles = async () => fail('not_a_file', 'photos is a folder');
    fireEvent.drop(screen.getByRole('listitem', { name: /^hana/ }), {
      dataTransfer: { types: ['Files'], files: [new File([], 'photos')] },
    });
    expect(await screen.findByText(/Folders and special files cannot be sent/)).toBeTruthy();
    expect(screen.queryByText('photos is a folder')).toBeNull();
    expect(api.callsTo('files.offer')).toEqual([]);
  });

  it('"Send files" picks recipients, then files from the native dialog', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    api.handle('files.pick', () =>
      ok([
        { fileId: 'f1', name: 'x', size: 1 },
        { fileId: 'f2', name: 'y', size: 2 },
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Send files' }));
    const dialog = screen.getByRole('dialog', { name: 'Send files' });
    await user.click(within(dialog).getByRole('checkbox', { name: 'hana' }));
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitFor(() => expect(api.callsTo('files.offer')).toEqual([{ to: ['hana'], fileIds: ['f1', 'f2'] }]));
  });

  it('never lets a stray file drop navigate the window', () => {
    renderWithApp(<App />, { snapshot: roomSnapshot() });
    const drop = createEvent.drop(document.body, { dataTransfer: { types: ['Files'], files: [] } });
    fireEvent(document.body, drop);
    expect(drop.defaultPrevented).toBe(true);
  });

  it('shows the reconnecting banner and clears it when connected again', () => {
    const { api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('connection', { phase: 'reconnecting', attempt: 2, retryInMs: 0 });
    expect(screen.getByText(/Reconnecting \(attempt 2\)/)).toBeTruthy();
    emit('connection', { phase: 'connected', nick: 'atom', rttMs: 7 });
    expect(screen.queryByText(/Reconnecting/)).toBeNull();
    expect(screen.getByText('· 7 ms')).toBeTruthy();
    expect(api.callsTo('room.ping')).toEqual([]); // the round trip comes from the session's own monitor
  });

  it('draws the events of the room on screen only, by room id', () => {
    const { emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('room', { ...chat('hana', 'for this room'), roomId: labRoom.roomId });
    emit('room', { ...chat('hana', 'for another room'), roomId: 'other-room' });
    emit('users', { roomId: 'other-room', users: [] });
    emit('connection', { phase: 'disconnected', roomId: 'other-room', reason: 'server_shutdown' });
    expect(screen.getByText('for this room')).toBeTruthy();
    expect(screen.queryByText('for another room')).toBeNull();
    expect(screen.getByRole('heading', { name: 'lab' })).toBeTruthy();
    const members = screen.getByRole('complementary', { name: 'People' });
    expect(within(members).getByText('hana')).toBeTruthy();
    emit('users', { roomId: labRoom.roomId, users: [{ nick: 'atom', status: 'active' }] });
    expect(within(members).queryByText('hana')).toBeNull();
    emit('connection', { phase: 'disconnected', roomId: labRoom.roomId, reason: 'server_shutdown' });
    expect(screen.getByRole('heading', { name: 'Join a room' })).toBeTruthy();
  });

  it('returns home when the connection is closed for good', () => {
    const { emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('connection', { phase: 'disconnected', reason: 'server_shutdown' });
    expect(screen.getByRole('heading', { name: 'Join a room' })).toBeTruthy();
  });

  it('opens the transfers panel with live progress', async () => {
    const { user, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('transfer.update', {
      transferId: 't1',
      offerId: 'o',
      direction: 'send',
      peer: 'hana',
      name: 'big.iso',
      size: 1000,
      bytes: 0,
      state: 'running',
      resumable: false,
      canShowInFolder: false,
      createdAt: 1,
    });
    emit('transfer.progress', { items: [{ transferId: 't1', bytes: 500, size: 1000, bytesPerSec: 100, etaMs: 5000 }] });
    await user.click(screen.getByRole('button', { name: 'Transfers' }));
    expect(screen.getByRole('progressbar', { name: 'big.iso' }).getAttribute('aria-valuenow')).toBe('50');
  });

  it('tells me when cancelling, resuming or showing a transfer fails', async () => {
    const { user, api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const transfer = {
      offerId: 'o',
      peer: 'hana',
      size: 1000,
      bytes: 0,
      resumable: false,
      canShowInFolder: false,
      createdAt: 1,
    };
    emit('transfer.update', { ...transfer, transferId: 'run', direction: 'send', name: 'run.iso', state: 'running' });
    emit('transfer.update', {
      ...transfer,
      transferId: 'cut',
      direction: 'send',
      name: 'cut.iso',
      state: 'interrupted',
      resumable: true,
    });
    emit('transfer.update', {
      ...transfer,
      transferId: 'done',
      direction: 'receive',
      name: 'done.iso',
      state: 'verified',
      canShowInFolder: true,
    });
    api.handle('files.cancel', () => fail('no_such_transfer', 'That transfer is already over.'));
    api.handle('files.resume', () => fail('not_resumable', 'The file changed since it was offered.'));
    api.handle('files.showInFolder', () => fail('file_not_found', 'The received file is gone.'));
    await user.click(screen.getByRole('button', { name: 'Transfers' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('files.cancel')).toEqual([{ transferId: 'run' }]);
    expect((await screen.findByText('That transfer is over.')).closest('[role=alert]')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect((await screen.findByText(/This transfer cannot be continued/)).closest('[role=alert]')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect((await screen.findByText('That file does not exist any more.')).closest('[role=alert]')).toBeTruthy();
  });

  it('reports unread messages that arrive while the window is in the background', () => {
    const { api, emit } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const hadFocus = document.hasFocus;
    document.hasFocus = () => false;
    try {
      emit('room', chat('hana', 'ping'));
      emit('room', chat('atom', 'my own'));
      expect(api.callsTo('window.setUnread')).toEqual([{ count: 1 }]);
      fireEvent.focus(window);
      expect(api.callsTo('window.setUnread')).toEqual([{ count: 1 }, { count: 0 }]);
    } finally {
      document.hasFocus = hadFocus;
    }
  });
});

describe('the app menu and notification clicks', () => {
  it('opens settings, transfers and Send files, toggles away, and starts a reply to a clicked whisper', async () => {
    const { api, emit, user } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('focus', { kind: 'transfers' }); // a click on "files received"
    expect(screen.getByRole('region', { name: 'Transfers' })).toBeTruthy();
    emit('menu', { command: 'show-transfers' });
    expect(screen.getByRole('region', { name: 'Transfers' })).toBeTruthy();
    emit('menu', { command: 'send-files' });
    expect(screen.getByRole('dialog', { name: 'Send files' })).toBeTruthy();
    emit('menu', { command: 'open-settings' });
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeTruthy();
    emit('menu', { command: 'toggle-away' });
    await waitFor(() => expect(api.callsTo('room.sleep')).toHaveLength(1));
    emit('menu', { command: 'join-room' });
    expect(screen.getByText('Leave this room first to host or join another.')).toBeTruthy();
    emit('focus', { kind: 'whisper', peer: 'hana' });
    await waitFor(() =>
      expect((screen.getByRole('textbox', { name: 'Message lab' }) as HTMLTextAreaElement).value).toBe('/to hana '),
    );
    emit('menu', { command: 'leave-room' });
    const confirm = await screen.findByRole('alertdialog', { name: 'Leave this room?' });
    expect(api.callsTo('room.leave')).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(api.callsTo('room.leave')).toEqual([{ roomId: labRoom.roomId }]));
  });

  it('on the home screen, Host a Room… and Join a Room… go to that form', () => {
    const { emit } = renderWithApp(<App />);
    emit('menu', { command: 'join-room' });
    expect(document.getElementById('join-card')?.contains(document.activeElement)).toBe(true);
    emit('menu', { command: 'host-room' });
    expect(document.getElementById('host-card')?.contains(document.activeElement)).toBe(true);
  });
});
