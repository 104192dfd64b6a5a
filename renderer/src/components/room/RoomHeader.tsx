import type { ConnectionState } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { formatAddress } from '../../lib/address';
import type { RoomView } from '../../store/model';
import { Name } from '../messages/Name';
import { IconButton } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { ConnectionPill } from './ConnectionPill';
import { SecurityBadge } from './SecurityBadge';

export function RoomHeader({
  room,
  connection,
  userCount,
  away,
  liveTransfers,
  transfersOpen,
  searchOpen,
  onToggleSearch,
  onToggleAway,
  onToggleTransfers,
  onSettings,
  onLeave,
}: {
  room: RoomView;
  connection: ConnectionState;
  userCount: number;
  away: boolean;
  liveTransfers: number;
  transfersOpen: boolean;
  searchOpen: boolean;
  onToggleSearch: () => void;
  onToggleAway: () => void;
  onToggleTransfers: () => void;
  onSettings: () => void;
  onLeave: () => void;
}) {
  const t = useT();
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-line bg-panel px-5">
      <Icon name="hash" className="size-5 text-faint" />
      <div className="min-w-0 leading-tight">
        <h1 className="truncate text-[15px] font-semibold tracking-tight text-fg">
          <Name name={room.roomName || formatAddress(room.host, room.port)} max={48} />
        </h1>
        <p className="truncate text-[11.5px] text-muted">
          <span className="font-mono">{formatAddress(room.host, room.port)}</span> ·{' '}
          {t.members_count(userCount, room.maxUsers)}
        </p>
      </div>
      <div className="ml-auto flex items-center gap-1.5">
        <SecurityBadge security={connection.security} />
        <ConnectionPill connection={connection} />
        <button
          type="button"
          aria-pressed={away}
          onClick={onToggleAway}
          title={t.away}
          className={`ml-1 inline-flex h-8 shrink-0 items-center gap-1.5 whitespace-nowrap rounded-lg px-2.5 text-[13px] font-medium transition-colors ${
            away ? 'bg-warn-soft text-warn' : 'text-muted hover:bg-hover hover:text-fg'
          }`}
        >
          <Icon name="moon" className="size-4" />
          <span className="max-lg:sr-only">{t.away}</span>
        </button>
        <IconButton
          icon="search"
          label={t.search}
          aria-pressed={searchOpen}
          aria-keyshortcuts="Control+F Meta+F"
          onClick={onToggleSearch}
          className={searchOpen ? 'bg-hover text-fg' : ''}
        />
        <span className="relative">
          <IconButton
            icon="download"
            label={t.transfers}
            aria-pressed={transfersOpen}
            onClick={onToggleTransfers}
            className={transfersOpen ? 'bg-hover text-fg' : ''}
          />
          {liveTransfers > 0 && (
            <span
              className="pointer-events-none absolute -right-0.5 -top-0.5 flex min-w-4 items-center justify-center rounded-full bg-accent px-1 text-[10px] font-bold text-accent-fg"
              aria-label={t.liveTransfers(liveTransfers)}
            >
              {liveTransfers}
            </span>
          )}
        </span>
        <IconButton icon="settings" label={t.settings} onClick={onSettings} />
        <IconButton icon="logout" label={t.leaveRoom} onClick={onLeave} />
      </div>
    </header>
  );
}
