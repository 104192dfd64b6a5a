import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { HistorySearchHit } from '@contract/ipc-contract';
import { ok } from '../../test-support/fake-api';
import { renderWithApp } from '../../test-support/render';
import { SearchPanel } from './SearchPanel';
import { SEARCH_DEBOUNCE_MS } from './use-history-search';

const HERE = 'code:K7QX-2M9D-4HBT-Z0PA-8E3C';
const THERE = 'addr:10.0.0.9:30000';

function hit(id: number, text: string, ranges: [number, number][], roomKey = HERE): HistorySearchHit {
  return {
    entry: { id, roomKey, ts: Date.UTC(2026, 0, 5, 9, id), kind: 'msg', from: 'hana', scope: 'room', text, own: false },
    snippet: { text, cutStart: false, cutEnd: false, ranges },
  };
}

function setup(hits: HistorySearchHit[], onReveal = vi.fn(async () => true)) {
  const onClose = vi.fn();
  const h = renderWithApp(<SearchPanel roomKey={HERE} historyOff={false} onReveal={onReveal} onClose={onClose} />);
  h.api.handle('history.search', () => ok({ hits }));
  h.api.handle('history.rooms', () =>
    ok({ rooms: [{ roomKey: THERE, name: '부엌', host: '10.0.0.9', port: 30000, lastActivity: 1 }] }),
  );
  return { ...h, onClose, onReveal };
}

async function search(h: ReturnType<typeof setup>, query: string) {
  await h.user.type(screen.getByRole('combobox', { name: 'Search messages' }), query);
  await act(() => new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50)));
}

describe('SearchPanel', () => {
  it('marks the matches with <mark> and shows peer text as text, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)> 사랑방에서 만나요';
    const at = (word: string): [number, number] => [evil.indexOf(word), evil.indexOf(word) + word.length];
    const h = setup([hit(1, evil, [at('사랑방'), at('만나')])]);
    await search(h, '사랑방 만나');
    const option = await screen.findByRole('option');
    expect(option.querySelector('img')).toBeNull();
    expect(option.textContent).toContain('<img src=x onerror=alert(1)>');
    expect([...option.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['사랑방', '만나']);
    expect(h.api.callsTo('history.search')).toEqual([{ query: '사랑방 만나', limit: 50, roomKey: HERE }]);
  });

  it('searches all rooms when asked, naming the room of each result', async () => {
    const h = setup([hit(2, 'dinner at 7', [[0, 6]], THERE)]);
    await h.user.click(screen.getByRole('radio', { name: 'All rooms' }));
    await search(h, 'dinner');
    const option = await screen.findByRole('option');
    expect(within(option).getByText('부엌')).toBeTruthy();
    expect(h.api.callsTo('history.search').at(-1)).toEqual({ query: 'dinner', limit: 50 });
  });

  it('moves through results with the arrow keys; Enter brings the chosen one into the room', async () => {
    const h = setup([hit(9, 'newest match', [[7, 12]]), hit(4, 'older match', [[6, 11]])]);
    await search(h, 'match');
    const box = screen.getByRole('combobox', { name: 'Search messages' });
    await screen.findAllByRole('option');
    await h.user.keyboard('{ArrowDown}');
    const [, second] = screen.getAllByRole('option');
    expect(second?.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(second?.id);
    await h.user.keyboard('{Enter}');
    expect(h.onReveal).toHaveBeenCalledWith(4);
  });

  it('shows a result from another room with what was said around it, read-only', async () => {
    const h = setup([hit(2, 'dinner at 7', [[0, 6]], THERE)]);
    h.api.handle('history.around', () =>
      ok({
        entries: [
          { id: 1, roomKey: THERE, ts: 1, kind: 'msg', from: 'jun', scope: 'room', text: 'hungry?', own: false },
          hit(2, 'dinner at 7', [], THERE).entry,
        ],
        hasOlder: false,
        hasNewer: false,
      }),
    );
    await h.user.click(screen.getByRole('radio', { name: 'All rooms' }));
    await search(h, 'dinner');
    await h.user.click(await screen.findByRole('option'));
    expect(h.onReveal).not.toHaveBeenCalled();
    expect(await screen.findByText('From another room: 부엌', { selector: '[role=status]' })).toBeTruthy();
    expect(screen.getByText('hungry?')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    await h.user.click(screen.getByRole('button', { name: 'Back to results' }));
    expect(screen.getByRole('combobox', { name: 'Search messages' })).toBeTruthy();
  });

  it('Escape closes it', async () => {
    const h = setup([]);
    screen.getByRole('combobox', { name: 'Search messages' }).focus();
    await h.user.keyboard('{Escape}');
    expect(h.onClose).toHaveBeenCalled();
  });
});
