import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AppError, HostOptions } from '@contract/ipc-contract';
import { renderWithApp } from '../../test-support/render';
import { HostForm } from './HostForm';
import { HostInfo } from './HostInfo';

describe('HostForm', () => {
  it('starts with the default port and sends every option', async () => {
    const onHost = vi.fn(async (_: HostOptions): Promise<AppError | null> => null);
    const { user } = renderWithApp(<HostForm defaultPort={30000} defaultRoomName="atom's room" onHost={onHost} />);
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('30000');
    await user.clear(screen.getByLabelText('Max users'));
    await user.type(screen.getByLabelText('Max users'), '8');
    expect((screen.getByLabelText('Messages kept for late joiners') as HTMLInputElement).value).toBe('1000');
    await user.clear(screen.getByLabelText('Messages kept for late joiners'));
    await user.type(screen.getByLabelText('Messages kept for late joiners'), '0');
    await user.type(screen.getByLabelText(/Password/), 's3cret');
    await user.type(screen.getByLabelText(/Banned words/), 'spam, scam ,');
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect(onHost).toHaveBeenCalledWith({
      port: 30000,
      maxUsers: 8,
      history: 0,
      roomName: "atom's room",
      password: 's3cret',
      bannedWords: ['spam', 'scam'],
      announce: true,
    });
  });

  it('announces the room on the local network unless I turn it off', async () => {
    const onHost = vi.fn(async (_: HostOptions): Promise<AppError | null> => null);
    const { user } = renderWithApp(<HostForm defaultPort={30000} defaultRoomName="r" onHost={onHost} />);
    const announce = screen.getByRole('checkbox', { name: 'Announce on the local network' });
    expect(announce).toHaveProperty('checked', true);
    await user.click(announce);
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect(onHost.mock.calls[0]?.[0]).toMatchObject({ announce: false });
  });

  it('refuses a bad port before asking main', async () => {
    const onHost = vi.fn(async () => null);
    const { user } = renderWithApp(<HostForm defaultPort={30000} defaultRoomName="r" onHost={onHost} />);
    await user.clear(screen.getByLabelText('Port'));
    await user.type(screen.getByLabelText('Port'), '70000');
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect(onHost).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Choose a port from 1 to 65535.');
  });

  it('refuses a history size out of range before asking main', async () => {
    const onHost = vi.fn(async () => null);
    const { user } = renderWithApp(<HostForm defaultPort={30000} defaultRoomName="r" onHost={onHost} />);
    await user.clear(screen.getByLabelText('Messages kept for late joiners'));
    await user.type(screen.getByLabelText('Messages kept for late joiners'), '100001');
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect(onHost).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Choose from 0 to 100000 messages.');
  });

  it('explains a port that is already in use', async () => {
    const { user } = renderWithApp(
      <HostForm
        defaultPort={30000}
        defaultRoomName="r"
        onHost={async () => ({ code: 'port_in_use', message: 'EADDRINUSE' })}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Start hosting' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That port is already in use. Try another one.');
  });
});

describe('HostInfo', () => {
  const host = {
    running: true as const,
    port: 30000,
    roomName: 'r',
    maxUsers: 10,
    passwordRequired: false,
    userCount: 3,
    addresses: [
      { iface: 'wlan0', address: '192.168.0.12', family: 'IPv4' as const, display: '192.168.0.12:30000' },
      { iface: 'eth0', address: 'fe80::1', family: 'IPv6' as const, display: '[fe80::1]:30000' },
    ],
  };

  it('shows every LAN address with a copy button', async () => {
    const { user } = renderWithApp(<HostInfo host={host} onStop={() => {}} />);
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    expect(screen.getByText('192.168.0.12:30000')).toBeTruthy();
    expect(screen.getByText('[fe80::1]:30000')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy [fe80::1]:30000' }));
    expect(writeText).toHaveBeenCalledWith('[fe80::1]:30000');
    expect(await screen.findByText('Copied')).toBeTruthy();
  });

  it('asks for confirmation before stopping', async () => {
    const onStop = vi.fn();
    const { user } = renderWithApp(<HostInfo host={host} onStop={onStop} />);
    await user.click(screen.getByRole('button', { name: 'Stop hosting' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Stop the room?' });
    expect(dialog.textContent).toContain('2 other people will be disconnected.');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onStop).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Stop hosting' }));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('counts the other people in singular, plural and none, in English and Korean', async () => {
    const cases: [number, 'en' | 'ko', string][] = [
      [2, 'en', '1 other person will be disconnected.'],
      [5, 'en', '4 other people will be disconnected.'],
      [1, 'en', 'No one else is connected; the room will close.'],
      [2, 'ko', '다른 사람 1명의 연결이 끊어집니다.'],
      [1, 'ko', '지금 연결된 다른 사람이 없습니다. 방이 닫힙니다.'],
    ];
    for (const [userCount, language, text] of cases) {
      const { user, unmount } = renderWithApp(<HostInfo host={{ ...host, userCount }} onStop={() => {}} />, {
        language,
      });
      await user.click(screen.getByRole('button', { name: language === 'en' ? 'Stop hosting' : '방 닫기' }));
      expect(screen.getByRole('alertdialog').textContent).toContain(text);
      unmount();
    }
  });
});
