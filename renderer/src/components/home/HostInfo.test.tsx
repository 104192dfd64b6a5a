import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HostSelfCheck, HostState } from '@contract/ipc-contract';
import { AppContext } from '../../app/app-context';
import { ok } from '../../test-support/fake-api';
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

describe('HostInfo: room link and network self-check', () => {
  const check = (patch: Partial<HostSelfCheck> = {}): HostSelfCheck => ({
    listenHost: '0.0.0.0',
    addresses: host.addresses,
    announced: true,
    announcedOn: ['eth0'],
    firewall: 'n/a',
    remoteConnections: 0,
    startedAt: Date.now(),
    ...patch,
  });

  it('copies a sarangbang: link with the first address and the room code', async () => {
    const { user, api } = renderWithApp(<HostInfo host={host} onStop={() => undefined} />);
    api.handle('host.selfCheck', () => ok(check()));
    await user.click(screen.getByRole('button', { name: 'Copy room link' }));
    expect(await navigator.clipboard.readText()).toBe('sarangbang://10.0.0.2:30000/?code=K7QX-2M9D-4HBT-Z0PA-8E3C');
  });

  it('says where the room listens and is announced, and that nobody reached it yet', async () => {
    const h = renderWithApp(<div />);
    h.api.handle('host.selfCheck', () => ok(check()));
    h.rerender(
      <AppContext.Provider value={{ api: h.api, store: h.store }}>
        <HostInfo host={host} onStop={() => undefined} />
      </AppContext.Provider>,
    );
    const section = await screen.findByRole('region', { name: 'Network check' });
    expect(section.textContent).toContain('Listening on every network interface (eth0)');
    expect(section.textContent).toContain('Announced on eth0');
    expect(section.textContent).toContain('No other computer has reached this room yet');
    expect(section.textContent).not.toMatch(/Firewall/);
  });

  it('on Windows reports a missing firewall rule, and after a quiet minute what to allow', async () => {
    const h = renderWithApp(<div />);
    h.api.handle('host.selfCheck', () =>
      ok(check({ firewall: 'missing', announced: false, announcedOn: [], notAnnouncedReason: 'off', startedAt: 0 })),
    );
    h.rerender(
      <AppContext.Provider value={{ api: h.api, store: h.store }}>
        <HostInfo host={host} onStop={() => undefined} />
      </AppContext.Provider>,
    );
    const section = await screen.findByRole('region', { name: 'Network check' });
    expect(section.textContent).toContain('Not announced (turned off)');
    expect(section.textContent).toContain('Windows Firewall has no rule for Sarangbang');
    expect(section.textContent).toContain('sudo ufw allow 30000/tcp');
  });

  it('counts visitors from other computers', async () => {
    const h = renderWithApp(<div />);
    h.api.handle('host.selfCheck', () => ok(check({ remoteConnections: 2, firewall: 'allowed' })));
    h.rerender(
      <AppContext.Provider value={{ api: h.api, store: h.store }}>
        <HostInfo host={host} onStop={() => undefined} />
      </AppContext.Provider>,
    );
    expect(await screen.findByText('2 connections from other computers')).toBeTruthy();
    expect(screen.getByText('Windows Firewall allows Sarangbang on private networks')).toBeTruthy();
  });
});
