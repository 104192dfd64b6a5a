import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HostState } from '@contract/ipc-contract';
import { renderWithApp } from '../../test-support/render';
import { HostInfo } from './HostInfo';

const host: Extract<HostState, { running: true }> = {
  running: true,
  port: 30000,
  roomName: 'lab',
  maxUsers: 10,
  passwordRequired: false,
  addresses: [{ iface: 'eth0', address: '10.0.0.2', family: 'IPv4', display: '10.0.0.2:30000' }],
  userCount: 1,
  roomCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C',
};

describe('HostInfo: the room code', () => {
  it('shows the room code with what guests do with it, and copies it', async () => {
    const { user } = renderWithApp(<HostInfo host={host} onStop={() => undefined} />);
    expect(screen.getByText('K7QX-2M9D-4HBT-Z0PA-8E3C')).toBeTruthy();
    expect(screen.getByText('Guests compare this code when they join')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy Room code' }));
    expect(await navigator.clipboard.readText()).toBe('K7QX-2M9D-4HBT-Z0PA-8E3C');
    expect(screen.getByRole('button', { name: 'Copy Room code' }).textContent).toBe('Copied');
  });

  it('says it in Korean', () => {
    renderWithApp(<HostInfo host={host} onStop={() => undefined} />, { language: 'ko' });
    expect(screen.getByText('방 코드')).toBeTruthy();
    expect(screen.getByText('참여하는 사람은 들어올 때 이 코드를 비교합니다')).toBeTruthy();
  });

  it('shows no code block for a host that has none', () => {
    const { roomCode: _none, ...older } = host;
    renderWithApp(<HostInfo host={older} onStop={() => undefined} />);
    expect(screen.queryByText('Room code')).toBeNull();
  });
});
