// The home screen's "Rooms on this network": listed live, one click joins (verified against the room code), a
// password room asks for its password first, a room link only fills the form, and an empty list says why and what to try.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FoundRoom, RoomsFound } from '@contract/ipc-contract';
import { fail, ok } from '../../test-support/fake-api';
import { renderWithApp } from '../../test-support/render';
import { Home } from '../../screens/Home';

function room(patch: Partial<FoundRoom> = {}): FoundRoom {
  return {
    id: 'a@10.0.0.7:30000',
    name: 'Lab',
    protocol: 1,
    people: 3,
    maxUsers: 20,
    passwordRequired: false,
    plainAllowed: true,
    fingerprint: 'a'.repeat(64),
    host: '10.0.0.7',
    port: 30000,
    addresses: ['10.0.0.7'],
    roomCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C',
    via: 'mdns',
    lastSeen: 1,
    ...patch,
  };
}

const found = (rooms: FoundRoom[], patch: Partial<RoomsFound> = {}): RoomsFound => ({
  rooms,
  searching: false,
  probed: [],
  ...patch,
});

function setup(language: 'en' | 'ko' = 'en') {
  const h = renderWithApp(<Home />, { language });
  h.api.handle('room.join', () => fail('refused'));
  return h;
}

describe('Rooms on this network', () => {
  it('starts browsing when shown, lists rooms live and stops when the screen goes', async () => {
    const h = setup();
    await waitFor(() => expect(h.api.callsTo('discovery.start')).toHaveLength(1));
    h.emit(
      'rooms',
      found([
        room(),
        room({ id: 'b', name: 'Kitchen', host: '10.0.0.8', passwordRequired: true, people: 1, maxUsers: 5 }),
      ]),
    );
    const list = screen.getByRole('list', { name: 'Rooms on this network' });
    const items = within(list).getAllByRole('button');
    expect(items).toHaveLength(2);
    expect(items[0]).toBe(
      within(list).getByRole('button', {
        name: /^Lab, ?Identity verified on join, ?10\.0\.0\.7:30000 ?· ?Announced, ?3\/20 people$/,
      }),
    );
    expect(items[1]).toBe(
      within(list).getByRole('button', {
        name: /^Kitchen, ?Identity verified on join, ?Password required, ?10\.0\.0\.8:30000 ?· ?Announced, ?1\/5 people$/,
      }),
    );
    h.emit('rooms', found([]));
    expect(screen.queryByRole('list', { name: 'Rooms on this network' })).toBeNull();
    h.unmount();
    expect(h.api.callsTo('discovery.stop')).toHaveLength(1);
  });

  it('joins a room in one click with my nickname, verified against its room code', async () => {
    const h = setup();
    h.emit('rooms', found([room()]));
    await h.user.click(screen.getByRole('button', { name: /^Lab,/ }));
    await waitFor(() =>
      expect(h.api.callsTo('room.join')).toEqual([
        { host: '10.0.0.7', port: 30000, nick: 'atom', code: 'K7QX-2M9D-4HBT-Z0PA-8E3C' },
      ]),
    );
    expect((screen.getByLabelText('Host address') as HTMLInputElement).value).toBe('10.0.0.7:30000');
    expect((screen.getByLabelText(/Room code/) as HTMLInputElement).value).toBe('K7QX-2M9D-4HBT-Z0PA-8E3C');
  });

  it('asks for the password of a room that needs one, then joins with it', async () => {
    const h = setup();
    h.emit('rooms', found([room({ passwordRequired: true })]));
    await h.user.click(screen.getByRole('button', { name: /^Lab,/ }));
    expect(h.api.callsTo('room.join')).toEqual([]);
    const password = screen.getByLabelText('Password');
    expect(document.activeElement).toBe(password);
    await h.user.type(password, 's3cret{Enter}');
    await waitFor(() =>
      expect(h.api.callsTo('room.join')).toEqual([
        { host: '10.0.0.7', port: 30000, nick: 'atom', password: 's3cret', code: 'K7QX-2M9D-4HBT-Z0PA-8E3C' },
      ]),
    );
  });

  it('shows a room name from the network as text', () => {
    const h = setup();
    h.emit('rooms', found([room({ name: '<img src=x onerror=alert(1)>' })]));
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('says why nothing may be found and what to try, and searches again on request', async () => {
    const h = setup();
    h.api.handle('discovery.search', () => ok(found([room()], { probed: ['192.168.1.0/24'] })));
    h.emit('rooms', found([], { probed: ['192.168.1.0/24'] }));
    expect(screen.getByText(/another subnet or VLAN.*client isolation.*VPN.*firewall/)).toBeTruthy();
    expect(screen.getByText(/add the room’s subnet in Settings, or type the address/)).toBeTruthy();
    expect(screen.getByText('Searched 192.168.1.0/24.')).toBeTruthy();
    await h.user.click(screen.getByRole('button', { name: 'Search again' }));
    expect(h.api.callsTo('discovery.search')).toHaveLength(1);
    expect(await screen.findByRole('button', { name: /^Lab,/ })).toBeTruthy();
  });

  it('says it while searching and in Korean', () => {
    const h = setup('ko');
    h.emit('rooms', found([], { searching: true }));
    expect(screen.getByText('이 네트워크의 방')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('방을 찾는 중…');
    expect(screen.getByRole('button', { name: '다시 찾기' })).toHaveProperty('disabled', true);
  });

  it('fills the join form from a room link and waits for my click', async () => {
    const h = setup();
    h.emit('room.link', { host: 'fd00::5', port: 31000, code: 'K7QX-2M9D-4HBT-Z0PA-8E3C' });
    await waitFor(() =>
      expect((screen.getByLabelText('Host address') as HTMLInputElement).value).toBe('[fd00::5]:31000'),
    );
    expect((screen.getByLabelText(/Room code/) as HTMLInputElement).value).toBe('K7QX-2M9D-4HBT-Z0PA-8E3C');
    expect(screen.getByText('Opened from a room link. Check the details, then join.')).toBeTruthy();
    expect(h.api.callsTo('room.join')).toEqual([]);
    await h.user.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() =>
      expect(h.api.callsTo('room.join')).toEqual([
        { host: 'fd00::5', port: 31000, nick: 'atom', code: 'K7QX-2M9D-4HBT-Z0PA-8E3C' },
      ]),
    );
    // The same link opened again fills the form again.
    await h.user.clear(screen.getByLabelText('Host address'));
    h.emit('room.link', { host: 'fd00::5', port: 31000 });
    await waitFor(() =>
      expect((screen.getByLabelText('Host address') as HTMLInputElement).value).toBe('[fd00::5]:31000'),
    );
  });
});
