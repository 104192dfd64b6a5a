// Many rooms on one host, in the home screen: the join form asks the host for its rooms and offers them (the default
// chosen first, a password room asks for its password, a new name when the host creates rooms), a one-room host shows
// no choice, room errors are worded with the room's name, a many-room host in "Rooms on this network" opens its rooms
// and one click joins one, recent rooms and links keep the room.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AppError, FoundRoom, HostRooms } from '@contract/ipc-contract';
import { fail, ok } from '../../test-support/fake-api';
import { renderWithApp } from '../../test-support/render';
import { Home } from '../../screens/Home';
import { JoinForm, type JoinRequest } from './JoinForm';

const CODE = 'K7QX-2M9D-4HBT-Z0PA-8E3C';

function hostRooms(patch: Partial<HostRooms> = {}): HostRooms {
  return {
    defaultRoom: 'lobby',
    roomCode: CODE,
    count: 3,
    allowNew: false,
    rooms: [
      { name: 'lobby', people: 2, maxUsers: 100, passwordRequired: false },
      { name: 'math', people: 0, maxUsers: 50, passwordRequired: false },
      { name: '수학반', people: 1, maxUsers: 10, passwordRequired: true },
    ],
    ...patch,
  };
}

function setupForm(rooms: HostRooms | null, answers: (AppError | null)[] = [], language: 'en' | 'ko' = 'en') {
  const onJoin = vi.fn(async (_: JoinRequest) => answers.shift() ?? null);
  const h = renderWithApp(
    <JoinForm
      nick="atom"
      recent={[{ host: '10.0.0.9', port: 31000, name: 'math', room: 'math', lastJoinedAt: 1 }]}
      onJoin={onJoin}
      onForget={vi.fn()}
    />,
    { language },
  );
  h.api.handle('discovery.rooms', () => ok(rooms));
  return { ...h, onJoin };
}

const roomGroup = () => screen.findByRole('group', { name: /^(Room|방)/ }, { timeout: 3000 });

describe('the join form on a many-room host', () => {
  it('lists the rooms with people and a password key, the default chosen; joins the one I pick', async () => {
    const { user, api, onJoin } = setupForm(hostRooms());
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5:30000');
    const group = await roomGroup();
    expect(api.callsTo('discovery.rooms')).toEqual([{ host: '10.0.0.5', port: 30000 }]);
    expect(group.textContent).toContain('3 rooms');
    const radios = within(group).getAllByRole('radio');
    expect(radios).toHaveLength(3);
    expect(within(group).getByRole('radio', { name: /^lobby, ?default, ?2\/100 people$/ })).toHaveProperty(
      'checked',
      true,
    );
    within(group).getByRole('radio', { name: /^수학반, ?Password required, ?1\/10 people$/ });
    // The default room is joined without naming it.
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: '10.0.0.5', port: 30000, nick: 'atom' });
    await user.click(within(group).getByRole('radio', { name: /^math,/ }));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: '10.0.0.5', port: 30000, nick: 'atom', room: 'math' });
  });

  it('a password room asks for its password up front', async () => {
    const { user, onJoin } = setupForm(hostRooms());
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5');
    const group = await roomGroup();
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.click(within(group).getByRole('radio', { name: /^수학반,/ }));
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({
      host: '10.0.0.5',
      port: 30000,
      nick: 'atom',
      room: '수학반',
      password: 'pw',
    });
  });

  it('takes a new name when the host creates rooms, and none when it does not', async () => {
    const { user, onJoin } = setupForm(hostRooms({ allowNew: true }));
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5');
    const group = await roomGroup();
    await user.type(within(group).getByRole('textbox', { name: 'New room: name' }), 'art');
    expect(within(group).getByRole('radio', { name: 'New room' })).toHaveProperty('checked', true);
    expect(screen.getByText(/A name the host does not have yet opens a new room/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: '10.0.0.5', port: 30000, nick: 'atom', room: 'art' });
  });

  it('a host that lists no new rooms offers no name field', async () => {
    const { user } = setupForm(hostRooms());
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5');
    const group = await roomGroup();
    expect(within(group).queryByRole('textbox')).toBeNull();
  });

  it('a one-room host shows no room choice: the form is as before', async () => {
    const { user, api, onJoin } = setupForm(null);
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5');
    await waitFor(() => expect(api.callsTo('discovery.rooms')).toHaveLength(1), { timeout: 3000 });
    expect(screen.queryByRole('group', { name: /^Room/ })).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: '10.0.0.5', port: 30000, nick: 'atom' });
  });

  it.each([
    ['en', 'This host has no room named “art”. Choose one of its rooms.'],
    ['ko', '이 호스트에는 “art” 방이 없습니다. 호스트의 방 가운데에서 고르세요.'],
  ] as const)('says no_such_room with the room’s name (%s)', async (language, text) => {
    const { user } = setupForm(hostRooms({ allowNew: true }), [{ code: 'no_such_room', message: '' }], language);
    await user.type(screen.getByLabelText(language === 'en' ? 'Host address' : '방 주소'), '10.0.0.5');
    const group = await roomGroup();
    await user.type(within(group).getByRole('textbox'), 'art');
    await user.click(screen.getByRole('button', { name: language === 'en' ? 'Join' : '참여' }));
    expect((await screen.findByRole('alert')).textContent).toBe(text);
  });

  it('joins a recent room of a many-room host in that room', async () => {
    const { user, onJoin } = setupForm(null);
    await user.click(screen.getByRole('button', { name: /^math/ }));
    expect(onJoin).toHaveBeenCalledWith({ host: '10.0.0.9', port: 31000, nick: 'atom', room: 'math' });
    screen.getByRole('button', { name: 'Forget 10.0.0.9:31000 · math' });
  });
});

function found(patch: Partial<FoundRoom> = {}): FoundRoom {
  return {
    id: 'a@10.0.0.7:30000',
    name: 'lobby',
    protocol: 1,
    people: 3,
    maxUsers: 100,
    passwordRequired: false,
    plainAllowed: true,
    fingerprint: 'a'.repeat(64),
    host: '10.0.0.7',
    port: 30000,
    addresses: ['10.0.0.7'],
    roomCode: CODE,
    via: 'mdns',
    lastSeen: 1,
    rooms: { count: 3, allowNew: false },
    ...patch,
  };
}

describe('a many-room host in "Rooms on this network"', () => {
  it('shows its room count, opens its rooms, and one click joins one, verified by its code', async () => {
    const h = renderWithApp(<Home />);
    h.api.handle('discovery.rooms', () => ok(hostRooms()));
    h.api.handle('room.join', () => fail('refused'));
    h.emit('rooms', { rooms: [found()], searching: false, probed: [] });
    const entry = screen.getByRole('button', {
      name: /^lobby, ?Identity verified on join, ?10\.0\.0\.7:30000 .*3 rooms/,
    });
    expect(entry.getAttribute('aria-expanded')).toBe('false');
    await h.user.click(entry);
    expect(entry.getAttribute('aria-expanded')).toBe('true');
    const list = await screen.findByRole('list', { name: 'Rooms of lobby' });
    expect(h.api.callsTo('discovery.rooms')).toEqual([{ host: '10.0.0.7', port: 30000 }]);
    expect(h.api.callsTo('room.join')).toEqual([]);
    await h.user.click(within(list).getByRole('button', { name: /^math, ?0\/50 people$/ }));
    await waitFor(() =>
      expect(h.api.callsTo('room.join')).toEqual([
        { host: '10.0.0.7', port: 30000, nick: 'atom', room: 'math', code: CODE },
      ]),
    );
  });

  it('uses the rooms the search already read, and a password room asks for its password', async () => {
    const h = renderWithApp(<Home />);
    h.api.handle('discovery.rooms', () => ok(hostRooms()));
    h.emit('rooms', {
      rooms: [found({ rooms: { count: 3, allowNew: false, list: hostRooms().rooms } })],
      searching: false,
      probed: [],
    });
    await h.user.click(screen.getByRole('button', { name: /^lobby,/ }));
    const list = screen.getByRole('list', { name: 'Rooms of lobby' });
    expect(h.api.callsTo('discovery.rooms')).toHaveLength(0);
    await h.user.click(within(list).getByRole('button', { name: /^수학반,/ }));
    expect(h.api.callsTo('room.join')).toEqual([]);
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
  });

  it('fills the join form from a room link with a room', async () => {
    const h = renderWithApp(<Home />);
    h.api.handle('room.join', () => fail('refused'));
    h.emit('room.link', { host: '10.0.0.7', port: 30000, room: 'math', code: CODE });
    await waitFor(() => expect((screen.getByLabelText('Room') as HTMLInputElement).value).toBe('math'));
    expect(h.api.callsTo('room.join')).toEqual([]);
    await h.user.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() =>
      expect(h.api.callsTo('room.join')).toEqual([
        { host: '10.0.0.7', port: 30000, nick: 'atom', room: 'math', code: CODE },
      ]),
    );
  });
});
