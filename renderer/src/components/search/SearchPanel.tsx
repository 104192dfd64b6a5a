/**
 * Searching the conversations kept on this device: a labelled search box (this room or all rooms), results newest
 * first as a list the arrow keys move through; Enter or a click opens one. A result of this room is brought into the
 * room's log (`onReveal`: false when it is too far back); one from another room, or too far back, is shown here with
 * what was said around it, read-only. Escape closes the panel.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { HistoryEntry, HistorySearchHit, RoomKey } from '@contract/ipc-contract';
import { useApi } from '../../app/app-context';
import { useT } from '../../i18n/i18n';
import { IconButton } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { Segmented } from '../ui/Segmented';
import { SearchContext } from './SearchContext';
import { SearchResult } from './SearchResult';
import { SEARCH_LIMIT, useHistoryRooms, useHistorySearch } from './use-history-search';

type Scope = 'room' | 'all';

export interface SearchPanelProps {
  /** The room on screen, in the store. */
  roomKey: RoomKey | undefined;
  historyOff: boolean;
  /** Brings a result of the room on screen into its log; false when it could not be. */
  onReveal: (historyId: number) => Promise<boolean>;
  onClose: () => void;
  /** Bumped by Ctrl/Cmd+F while the panel is open: focus the box again. */
  focusSeq?: number;
}

export function SearchPanel({ roomKey, historyOff, onReveal, onClose, focusSeq }: SearchPanelProps) {
  const t = useT();
  const api = useApi();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<Scope>('room');
  const [active, setActive] = useState(0);
  const [context, setContext] = useState<{ entries: HistoryEntry[]; hitId: number; note: string } | null>(null);
  const rooms = useHistoryRooms(api, scope === 'all');
  const searchKey = scope === 'room' ? roomKey : undefined;
  const { hits, searching, query: shownQuery } = useHistorySearch(api, query, searchKey);

  useEffect(() => setActive(0), [hits]);
  useEffect(() => {
    if (!context) input.current?.select();
  }, [focusSeq, context]);

  const open = async (hit: HistorySearchHit): Promise<void> => {
    const here = hit.entry.roomKey === roomKey;
    if (here && (await onReveal(hit.entry.id))) return;
    const reply = await api.invoke('history.around', {
      roomKey: hit.entry.roomKey,
      messageId: hit.entry.id,
      limit: 30,
    });
    if (!reply.ok) return;
    const name = rooms.get(hit.entry.roomKey)?.name || t.unnamedRoom;
    setContext({
      entries: reply.result.entries,
      hitId: hit.entry.id,
      note: here ? t.searchTooFar : t.searchOtherRoom(name),
    });
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(hits.length - 1, i + step)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active];
      if (hit) void open(hit);
    }
  };

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);

  const status = historyOff
    ? t.searchHistoryOff
    : searching
      ? t.searching
      : shownQuery === ''
        ? t.searchHint
        : hits.length === 0
          ? t.searchNoResults
          : hits.length >= SEARCH_LIMIT
            ? `${t.searchResults(hits.length)} · ${t.searchMore}`
            : t.searchResults(hits.length);

  return (
    <section
      aria-labelledby={`${listId}-title`}
      className="flex min-h-0 flex-1 flex-col"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="flex items-center justify-between px-4 pb-2 pt-3">
        <h2 id={`${listId}-title`} className="text-[11px] font-semibold uppercase tracking-wider text-muted">
          {t.search}
        </h2>
        <IconButton icon="x" label={t.closeSearch} onClick={onClose} className="size-7" />
      </div>
      {context ? (
        <SearchContext {...context} onBack={() => setContext(null)} />
      ) : (
        <>
          <div className="space-y-2 px-4 pb-2">
            <div className="relative">
              <Icon name="search" className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-faint" />
              <input
                ref={input}
                type="search"
                role="combobox"
                aria-label={t.searchLabel}
                aria-expanded={hits.length > 0}
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={hits.length > 0 ? `${listId}-${active}` : undefined}
                placeholder={t.searchPlaceholder}
                autoFocus
                value={query}
                maxLength={512}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={onKeyDown}
                className="h-9 w-full rounded-lg border border-line bg-raised pl-8 pr-2 text-sm text-fg placeholder:text-faint focus:border-accent focus:outline-none"
              />
            </div>
            <Segmented
              label={t.searchWhere}
              fill
              value={scope}
              onChange={setScope}
              options={[
                { value: 'room', label: t.searchThisRoom },
                { value: 'all', label: t.searchAllRooms },
              ]}
            />
            <p role="status" className="text-xs text-muted">
              {status}
            </p>
          </div>
          <ul
            id={listId}
            role="listbox"
            aria-label={t.searchLabel}
            className="scrollbar-thin min-h-0 flex-1 space-y-1 overflow-y-auto px-2 pb-4"
          >
            {hits.map((hit, i) => (
              <SearchResult
                key={hit.entry.id}
                id={`${listId}-${i}`}
                hit={hit}
                {...(scope === 'all' ? { roomName: rooms.get(hit.entry.roomKey)?.name ?? '' } : {})}
                active={i === active}
                onOpen={() => {
                  setActive(i);
                  void open(hit);
                }}
                onPoint={() => setActive(i)}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
