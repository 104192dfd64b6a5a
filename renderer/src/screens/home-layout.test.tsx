import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostState } from '@contract/ipc-contract';
import { App } from '../App';
import { makeSnapshot } from '../test-support/fake-api';
import { renderWithApp } from '../test-support/render';

/** jsdom has no layout: the window's width as matchMedia answers `(max-width: N px)`, changeable during a test. */
let width = 1280;
const lists = new Set<{ query: string; fire: () => void }>();
const original = window.matchMedia;
beforeEach(() => {
  window.matchMedia = ((query: string) => {
    const max = Number(/max-width:\s*(\d+)px/.exec(query)?.[1] ?? Infinity);
    const listeners = new Set<() => void>();
    const entry = { query, fire: () => listeners.forEach((fn) => fn()) };
    lists.add(entry);
    return {
      get matches() {
        return width <= max;
      },
      media: query,
      addEventListener: (_: string, fn: () => void) => listeners.add(fn),
      removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
    };
  }) as unknown as typeof window.matchMedia;
});
afterEach(() => {
  window.matchMedia = original;
  width = 1280;
  lists.clear();
});
const resize = (to: number): void => {
  width = to;
  act(() => lists.forEach((list) => list.fire()));
};

/** The home cards' ids in document order (what a screen reader reads and Tab walks). */
const cardOrder = (): string[] => [...document.querySelectorAll('main section[id$="-card"]')].map((el) => el.id);

const hosting: HostState = {
  running: true,
  port: 30000,
  roomName: 'lab',
  maxUsers: 10,
  passwordRequired: false,
  addresses: [{ iface: 'eth0', address: '10.0.0.2', family: 'IPv4', display: '10.0.0.2:30000' }],
  userCount: 1,
  roomCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C',
};

describe('the home screen, one column or two', () => {
  it('in two columns (768 px and more): host, then join', () => {
    width = 768;
    renderWithApp(<App />);
    expect(cardOrder()).toEqual(['host-card', 'join-card']);
  });

  it('in one column (640 px): the join card with "Rooms on this network" first, in the DOM and for Tab', async () => {
    width = 640;
    const { user } = renderWithApp(<App />);
    expect(cardOrder()).toEqual(['join-card', 'host-card']);
    const join = document.getElementById('join-card');
    expect(join?.contains(screen.getByRole('heading', { name: 'Rooms on this network' }))).toBe(true);
    // Past the header's Settings button, the first stop is in the join card.
    for (let stops = 0; stops < 10 && !document.querySelector('main')?.contains(document.activeElement); stops++)
      await user.tab();
    expect(join?.contains(document.activeElement)).toBe(true);
  });

  it('keeps what was typed when a resize crosses the breakpoint', async () => {
    width = 1280;
    const { user } = renderWithApp(<App />);
    const address = screen.getByRole('textbox', { name: 'Host address' }) as HTMLInputElement;
    await user.type(address, '192.168.1.5');
    resize(640);
    expect(cardOrder()).toEqual(['join-card', 'host-card']);
    expect((screen.getByRole('textbox', { name: 'Host address' }) as HTMLInputElement).value).toBe('192.168.1.5');
    resize(1000);
    expect(cardOrder()).toEqual(['host-card', 'join-card']);
  });

  it('while hosting, the hosting panel stays first in one column too', () => {
    width = 640;
    renderWithApp(<App />, { snapshot: makeSnapshot({ host: hosting }) });
    expect(cardOrder()).toEqual(['host-card', 'join-card']);
  });
});
