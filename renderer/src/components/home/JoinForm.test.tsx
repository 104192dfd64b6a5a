import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AppError, JoinFailure } from '@contract/ipc-contract';
import { renderWithApp } from '../../test-support/render';
import { JoinForm, type JoinRequest } from './JoinForm';

function setup(
  answers: (AppError | null)[],
  recent = [{ host: '10.0.0.9', port: 31000, name: 'Lab', lastJoinedAt: 1 }],
) {
  const onJoin = vi.fn(async (_: JoinRequest) => answers.shift() ?? null);
  const onForget = vi.fn();
  const h = renderWithApp(<JoinForm nick="atom" recent={recent} onJoin={onJoin} onForget={onForget} />);
  return { ...h, onJoin, onForget };
}
const failure = (code: JoinFailure): AppError => ({ code, message: code });

describe('JoinForm', () => {
  it('joins host:port with my nickname', async () => {
    const { user, onJoin } = setup([null]);
    await user.type(screen.getByLabelText('Host address'), '192.168.0.5:30001');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenCalledWith({ host: '192.168.0.5', port: 30001, nick: 'atom' });
  });

  it('rejects a malformed address without trying', async () => {
    const { user, onJoin } = setup([]);
    await user.type(screen.getByLabelText('Host address'), 'http://x/');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/192\.168\.0\.12:30000/);
  });

  it.each([
    ['refused', /Nothing answered at that address/],
    ['timeout', /firewall, Wi-Fi client isolation or a VPN/],
    ['room_full', /The room is full/],
    ['unreachable', /cannot be reached/],
  ] as const)('explains %s clearly', async (code, text) => {
    const { user } = setup([failure(code)]);
    await user.type(screen.getByLabelText('Host address'), 'h');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(text);
  });

  it('asks for the password when the room needs one, then sends it', async () => {
    const { user, onJoin } = setup([failure('password_required'), failure('wrong_password'), null]);
    await user.type(screen.getByLabelText('Host address'), 'h:1');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This room needs a password.');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong password.');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: 'h', port: 1, nick: 'atom', password: 'pw' });
  });

  it('offers another nickname when mine is taken and joins with it', async () => {
    const { user, onJoin } = setup([failure('nick_taken'), null]);
    await user.type(screen.getByLabelText('Host address'), 'h');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The nickname “atom” is already taken');
    await user.click(screen.getByRole('button', { name: 'Use “atom2”' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: 'h', port: 30000, nick: 'atom2' });
  });

  it('joins a recent room in one click and can forget it', async () => {
    const { user, onJoin, onForget } = setup([null]);
    await user.click(screen.getByRole('button', { name: /Lab/ }));
    expect(onJoin).toHaveBeenCalledWith({ host: '10.0.0.9', port: 31000, nick: 'atom' });
    await user.click(screen.getByRole('button', { name: 'Forget 10.0.0.9:31000' }));
    expect(onForget).toHaveBeenCalledWith(expect.objectContaining({ host: '10.0.0.9', port: 31000 }));
  });
});
