import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
