import { act, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { appendToLog, emptyLog } from '../../store/message-log';
import type { TimelineEntry } from '../../store/model';
import { renderWithApp } from '../../test-support/render';
import { MessageList } from './MessageList';

const t0 = Date.UTC(2026, 0, 1, 9, 0);
const msg = (
  mid: number,
  from: string,
  text: string,
  extra: Partial<Extract<TimelineEntry, { kind: 'msg' }>> = {},
): TimelineEntry => ({
  kind: 'msg',
  key: `m${mid}`,
  mid,
  ts: t0 + mid * 1000,
  from,
  text,
  scope: 'room',
  own: false,
  run: '',
  ...extra,
});

function renderList(entries: TimelineEntry[]) {
  return renderWithApp(<MessageList log={appendToLog(emptyLog(), entries)} label="Messages" empty="quiet" />);
}

describe('MessageList', () => {
  it('groups consecutive messages by sender: one name header per group', () => {
    renderList([msg(1, 'hana', 'one'), msg(2, 'hana', 'two'), msg(3, 'jun', 'three'), msg(4, 'hana', 'four')]);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(within(log).getAllByText('hana')).toHaveLength(2);
    expect(within(log).getAllByText('jun')).toHaveLength(1);
    expect(within(log).getByText('two')).toBeTruthy();
  });

  it('styles my messages, whispers and system notices apart', () => {
    const { container } = renderList([
      msg(1, 'atom', 'mine', { own: true }),
      msg(2, 'hana', 'secret', { scope: 'whisper', to: 'atom' }),
      { kind: 'notice', key: 'n1', ts: t0, notice: { type: 'joined', nick: 'jun' } },
    ]);
    expect(container.querySelector('[data-kind="own"]')?.textContent).toContain('mine');
    expect(container.querySelector('[data-kind="whisper"]')?.textContent).toContain('secret');
    expect(container.querySelector('[data-kind="notice"]')?.textContent).toContain('jun joined the room.');
  });

  it('keeps newlines and renders text as selectable text with auto direction', () => {
    renderList([msg(1, 'hana', 'line one\nline two')]);
    const body = screen.getByText(/line one/);
    expect(body.textContent).toBe('line one\nline two');
    expect(body.getAttribute('dir')).toBe('auto');
  });

  it('hands an http link to main, which asks before opening it; the page shows no second question', async () => {
    const { user, api } = renderList([msg(1, 'hana', 'look https://example.com/page now')]);
    await user.click(screen.getByRole('link', { name: 'https://example.com/page' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('link.open')).toEqual([{ url: 'https://example.com/page' }]);
  });

  it('shows the empty state without messages', () => {
    renderList([]);
    expect(screen.getByText('quiet')).toBeTruthy();
  });

  it('renders only a window of a very long conversation', () => {
    const many = Array.from({ length: 5000 }, (_, i) => msg(i + 1, i % 2 ? 'hana' : 'jun', `message ${i}`));
    const { container } = renderList(many);
    const rows = container.querySelectorAll('[data-index]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
  });
});

describe('MessageList: new messages', () => {
  const setFocus = (focused: boolean) => {
    document.hasFocus = () => focused;
    act(() => {
      window.dispatchEvent(new Event(focused ? 'focus' : 'blur'));
    });
  };
  const hadFocus = document.hasFocus;
  afterEach(() => {
    document.hasFocus = hadFocus;
  });

  /** A list whose log grows like the store's does (the same mounted list sees each new log). */
  function live(entries: TimelineEntry[]) {
    let grow: (more: TimelineEntry[]) => void = () => undefined;
    function Live() {
      const [log, setLog] = useState(() => appendToLog(emptyLog<TimelineEntry>(), entries));
      grow = (more) => setLog((l) => appendToLog(l, more));
      return <MessageList log={log} label="Messages" />;
    }
    const h = renderWithApp(<Live />);
    const add = (...more: TimelineEntry[]) => act(() => grow(more));
    return { ...h, add };
  }
  const divider = () => screen.queryByRole('separator', { name: 'New messages' });
  const rowTextAfter = (el: Element | null) => el?.parentElement?.textContent ?? '';

  it('marks the first message that came while the window was in the background, and keeps the line after', () => {
    setFocus(true);
    const { add } = live([msg(1, 'hana', 'seen before')]);
    add(msg(2, 'hana', 'while looking'));
    expect(divider()).toBeNull();
    setFocus(false);
    add(msg(3, 'jun', 'first unseen'));
    add(msg(4, 'hana', 'second unseen'));
    expect(rowTextAfter(divider())).toContain('first unseen');
    setFocus(true);
    add(msg(5, 'hana', 'read live'));
    expect(rowTextAfter(divider())).toContain('first unseen');
    // Away again: the line moves to the next unseen message.
    setFocus(false);
    add(msg(6, 'jun', 'later unseen'));
    expect(rowTextAfter(divider())).toContain('later unseen');
  });

  it('counts new messages on "Jump to latest" while scrolled up, and a message of my own clears the line', () => {
    setFocus(true);
    const many = Array.from({ length: 200 }, (_, i) => msg(i + 1, 'hana', `old ${i}`));
    const { add } = live(many);
    const log = screen.getByRole('log', { name: 'Messages' });
    act(() => {
      log.scrollTop = 0;
      log.dispatchEvent(new Event('scroll'));
    });
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
    add(msg(201, 'jun', 'new one'), msg(202, 'hana', 'new two'));
    add({ kind: 'notice', key: 'n9', ts: t0, notice: { type: 'joined', nick: 'kim' } }, msg(203, 'jun', 'new three'));
    expect(screen.getByRole('button', { name: 'Jump to latest (3 new)' })).toBeTruthy();
    add(msg(204, 'atom', 'mine', { own: true }));
    expect(screen.queryByRole('button', { name: /new\)/ })).toBeNull();
    expect(divider()).toBeNull();
  });

  it('does not mark replayed history as new', () => {
    setFocus(false);
    const { add } = live([]);
    add(msg(1, 'hana', 'from history', { hist: true }));
    expect(divider()).toBeNull();
  });
});
