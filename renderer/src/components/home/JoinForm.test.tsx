import { screen, within } from '@testing-library/react';
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

describe('JoinForm: the room code', () => {
  const changed: AppError = {
    code: 'identity_changed',
    message: 'changed',
    details: { oldCode: 'AAAA-BBBB-CCCC-DDDD-EEEE', newCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C' },
  };

  it('sends the room code typed, and shows a code the app refused at the code field', async () => {
    const { user, onJoin } = setup([{ code: 'bad_code', message: 'bad' }, failure('identity_mismatch'), null]);
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5:30000');
    const code = screen.getByRole('textbox', { name: /Room code/ });
    await user.type(code, 'k7qx 2m9d');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: '10.0.0.5', port: 30000, nick: 'atom', code: 'k7qx 2m9d' });
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a room code: 20 letters and digits/);
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/does not have that room code, so nothing was sent/);
    expect(code.getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id);
  });

  it('a changed identity opens a dialog: Cancel is the focused default and joins nothing more', async () => {
    const { user, onJoin } = setup([changed]);
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5:30000');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'This room’s identity changed' });
    expect(dialog.textContent).toContain('The room at 10.0.0.5:30000 has a different identity than last time');
    expect(dialog.textContent).toContain('Compare the room code with the host in person.');
    expect(dialog.textContent).toContain('AAAA-BBBB-CCCC-DDDD-EEEE');
    expect(dialog.textContent).toContain('K7QX-2M9D-4HBT-Z0PA-8E3C');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onJoin).toHaveBeenCalledTimes(1);
  });

  it('"Trust the new identity" joins again with trustNewIdentity', async () => {
    const { user, onJoin } = setup([changed, null]);
    await user.type(screen.getByLabelText('Host address'), '10.0.0.5:30000');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    await user.click(await screen.findByRole('button', { name: 'Trust the new identity' }));
    expect(onJoin).toHaveBeenLastCalledWith({ host: '10.0.0.5', port: 30000, nick: 'atom', trustNewIdentity: true });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('an impostor host is explained in the form', async () => {
    const { user } = setup([failure('host_impostor')]);
    await user.type(screen.getByLabelText('Host address'), 'h');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/does not know the room password/);
  });
});
