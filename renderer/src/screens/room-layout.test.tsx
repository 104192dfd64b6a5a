import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import { renderWithApp } from '../test-support/render';
import { labRoom, roomSnapshot } from '../test-support/room-fixture';

/** jsdom has no layout: a window narrower than the three-column room (as matchMedia answers it). */
let narrow = false;
const original = window.matchMedia;
beforeEach(() => {
  window.matchMedia = ((query: string) => ({
    matches: narrow && query.includes('max-width'),
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  })) as unknown as typeof window.matchMedia;
});
afterEach(() => {
  window.matchMedia = original;
  narrow = false;
});

describe('the room in a wide window', () => {
  it('shows every header control and the people list beside the conversation, no More menu', () => {
    renderWithApp(<App />, { snapshot: roomSnapshot() });
    const header = screen.getByRole('banner');
    for (const name of ['Away', 'Search', 'Transfers', 'Settings', 'Leave room'])
      expect(within(header).getByRole('button', { name })).toBeTruthy();
    expect(within(header).queryByRole('button', { name: 'More' })).toBeNull();
    expect(screen.getByRole('complementary', { name: 'People' })).toBeTruthy();
  });
});

describe('the room in a narrow window', () => {
  beforeEach(() => {
    narrow = true;
  });

  it('moves secondary actions into a More menu that works from the keyboard', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const header = screen.getByRole('banner');
    expect(within(header).queryByRole('button', { name: 'Settings' })).toBeNull();
    const more = within(header).getByRole('button', { name: 'More' });
    expect(more.getAttribute('aria-haspopup')).toBe('menu');
    expect(more.getAttribute('aria-expanded')).toBe('false');

    more.focus();
    await user.keyboard('{ArrowDown}');
    const menu = screen.getByRole('menu', { name: 'More' });
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const items = [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
    expect(items.map((i) => i.textContent)).toEqual(['Away', 'Search', 'Transfers', 'Settings']);
    expect(document.activeElement).toBe(items[0]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(items[3]);
    await user.keyboard('{Home}{ArrowDown}');
    expect(document.activeElement).toBe(items[1]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);

    await user.keyboard('{Enter}');
    await user.keyboard('{End}{Enter}');
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy();
    expect(api.callsTo('room.leave')).toEqual([]);
  });

  it('opens the people list over the conversation from its toggle; Escape closes it and focus returns', async () => {
    const { user } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    const toggle = screen.getByRole('button', { name: 'People' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('complementary', { name: 'People' })).toBeNull();
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const people = screen.getByRole('complementary', { name: 'People' });
    expect(people.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'People' })).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('opens Transfers over the conversation from the More menu and closes it with Escape', async () => {
    const { user } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    await user.click(screen.getByRole('button', { name: 'More' }));
    await user.click(screen.getByRole('menuitemcheckbox', { name: 'Transfers' }));
    expect(screen.getByRole('region', { name: 'Transfers' })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'People' }).contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Transfers' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message lab' })).toBeTruthy();
  });

  it('shows a 1:1 over the room with its own toggle; closing it keeps the draft', async () => {
    const { user } = renderWithApp(<App />, { snapshot: roomSnapshot({ room: { ...labRoom, dmPeer: 'hana' } }) });
    const toggle = screen.getByRole('button', { name: '1:1 with hana' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const box = screen.getByRole('textbox', { name: /hana/ });
    await user.type(box, 'half a thought');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: '1:1 with hana' })).toBeNull();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByRole('textbox', { name: 'Message lab' })).toBeTruthy();
    await user.click(toggle);
    expect((screen.getByRole('textbox', { name: /hana/ }) as HTMLTextAreaElement).value).toBe('half a thought');
  });
});
