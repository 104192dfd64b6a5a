/** One search result: who, when, in which room (searching all rooms), and the snippet with its matches marked. */
import type { HistorySearchHit } from '@contract/ipc-contract';
import { useLocale, useT } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/format';
import { Name } from '../messages/Name';
import { Snippet } from './Snippet';

export function SearchResult({
  id,
  hit,
  roomName,
  active,
  onOpen,
  onPoint,
}: {
  id: string;
  hit: HistorySearchHit;
  /** Shown when the result may be from another room. */
  roomName?: string;
  active: boolean;
  onOpen: () => void;
  onPoint: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { entry } = hit;
  const from = entry.kind === 'notice' ? '' : entry.from;
  const scope = entry.kind === 'notice' ? 'room' : entry.scope;
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      onClick={onOpen}
      onMouseMove={onPoint}
      className={`cursor-pointer rounded-lg px-3 py-2 ${active ? 'bg-hover ring-1 ring-accent/40' : 'hover:bg-hover/60'}`}
    >
      <div className="flex min-w-0 items-baseline gap-2 text-xs">
        <span className="min-w-0 truncate font-semibold text-fg">
          <Name name={from} max={32} />
        </span>
        {scope !== 'room' && (
          <span className="shrink-0 rounded bg-whisper-soft px-1 text-[10px] font-semibold text-whisper">
            {scope === 'dm' ? t.searchDm : t.searchWhisper}
          </span>
        )}
        <time className="ml-auto shrink-0 text-[11px] text-faint">{formatDateTime(entry.ts, locale)}</time>
      </div>
      {roomName !== undefined && (
        <p className="truncate text-[11px] text-muted">
          # <Name name={roomName || t.unnamedRoom} max={40} />
        </p>
      )}
      <div className="mt-0.5">
        <Snippet snippet={hit.snippet} />
      </div>
    </li>
  );
}
