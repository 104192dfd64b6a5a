/**
 * A search result read where it was said, inside the search panel: the stored entries around it (read-only), the
 * result highlighted. Used for results from another room, and for ones too far back to load into the room's log.
 */
import { useEffect, useRef } from 'react';
import type { HistoryEntry } from '@contract/ipc-contract';
import { useLocale, useT } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/format';
import { timelineEntryOf } from '../../store/stored-history';
import { MessageText } from '../messages/MessageText';
import { Name } from '../messages/Name';
import { noticeSentence } from '../messages/NoticeText';
import { Button } from '../ui/Button';

export function SearchContext({
  entries,
  hitId,
  note,
  onBack,
}: {
  entries: readonly HistoryEntry[];
  hitId: number;
  /** Why the result is shown here and not in the room. */
  note: string;
  onBack: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const hitRow = useRef<HTMLLIElement>(null);
  useEffect(() => hitRow.current?.scrollIntoView?.({ block: 'center' }), [entries]);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="space-y-2 px-4 pb-2">
        <Button variant="ghost" size="sm" icon="arrowLeft" onClick={onBack} data-autofocus>
          {t.searchBack}
        </Button>
        <p role="status" className="text-xs text-muted">
          {note}
        </p>
      </div>
      <ol aria-label={note} className="scrollbar-thin min-h-0 flex-1 space-y-1 overflow-y-auto px-3 pb-4">
        {entries.map((entry) => {
          const hit = entry.id === hitId;
          const row = entry.kind === 'msg' ? null : timelineEntryOf(entry);
          return (
            <li
              key={entry.id}
              ref={hit ? hitRow : undefined}
              aria-current={hit ? 'true' : undefined}
              className={`rounded-lg px-3 py-1.5 text-[13px] ${hit ? 'bg-accent-soft' : ''}`}
            >
              {entry.kind === 'msg' ? (
                <>
                  <div className="flex items-baseline gap-2 text-xs">
                    <span className={`truncate font-semibold ${entry.own ? 'text-accent' : 'text-fg'}`}>
                      <Name name={entry.from} max={32} />
                    </span>
                    <time className="ml-auto shrink-0 text-[11px] text-faint">{formatDateTime(entry.ts, locale)}</time>
                  </div>
                  <MessageText text={entry.text} />
                </>
              ) : (
                row?.kind === 'notice' && <p className="text-xs text-muted">{noticeSentence(t, row.notice)}</p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
