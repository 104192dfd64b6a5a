/**
 * The room's top bar, across the whole window: the room's name and address, security and connection, then the
 * controls. It never wraps: in a narrow window the secondary actions (away, search, transfers, settings) move into a
 * "More" menu and toggles open the people list and the 1:1 pane. Leave sits alone at the right end, so no other
 * control appearing, disappearing or changing width ever moves it.
 */
import type { ConnectionState } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { formatAddress } from '../../lib/address';
import { displayName } from '../../lib/display-text';
import type { RoomView } from '../../store/model';
import { Name } from '../messages/Name';
import { IconButton } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { MenuButton } from '../ui/MenuButton';
import { ConnectionPill } from './ConnectionPill';
import { SecurityBadge } from './SecurityBadge';

export interface HeaderToggles {
  /** The 1:1 pane, when there is one (a narrow window only). */
  dm?: { peer: string; open: boolean; unread: number; controls: string; onToggle: () => void };
  /** The people list (a narrow window only). */
  people?: { open: boolean; controls: string; onToggle: () => void };
}

export function RoomHeader({
  room,
  connection,
  userCount,
  away,
  liveTransfers,
  transfersOpen,
  searchOpen,
  narrow,
  toggles,
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
  narrow: boolean;
  toggles: HeaderToggles;
  onToggleSearch: () => void;
  onToggleAway: () => void;
  onToggleTransfers: () => void;
  onSettings: () => void;
  onLeave: () => void;
}) {
  const t = useT();
  const closed = connection.phase === 'closed';
  const badge = liveTransfers > 0 && (
    <span
      className="pointer-events-none flex min-w-4 items-center justify-center rounded-full bg-accent px-1 text-[10px] font-bold text-accent-fg"
      aria-label={t.liveTransfers(liveTransfers)}
    >
      {liveTransfers}
    </span>
  );
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-line bg-panel pl-5 pr-3">
      <Icon name="hash" className="size-5 shrink-0 text-faint" />
      <div className="min-w-0 flex-1 leading-tight">
        <h1 className="truncate text-[15px] font-semibold tracking-tight text-fg">
          <Name name={room.roomName || formatAddress(room.host, room.port)} max={48} />
        </h1>
        <p className="truncate text-[11.5px] text-muted">
          <span className="font-mono">{formatAddress(room.host, room.port)}</span>
          {!closed && <> · {t.members_count(userCount, room.maxUsers)}</>}
        </p>
      </div>
      {closed ? (
        <span className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full border border-line bg-raised px-2.5 py-1 text-xs text-muted">
          <span className="size-2 rounded-full bg-danger" aria-hidden="true" />
          {t.roomClosedStatus}
        </span>
      ) : (
        <div className="flex shrink-0 items-center gap-1.5">
          <SecurityBadge security={connection.security} />
          <ConnectionPill connection={connection} compact={narrow} />
          {narrow ? (
            <>
              {toggles.dm && (
                <span className="relative">
                  <IconButton
                    icon="message"
                    label={t.dmTitle(displayName(toggles.dm.peer, 24))}
                    aria-expanded={toggles.dm.open}
                    aria-controls={toggles.dm.controls}
                    onClick={toggles.dm.onToggle}
                    className={toggles.dm.open ? 'bg-hover text-fg' : ''}
                  />
                  {toggles.dm.unread > 0 && (
                    <span
                      className="pointer-events-none absolute -right-0.5 -top-0.5 size-2.5 rounded-full bg-accent ring-2 ring-panel"
                      aria-hidden="true"
                    />
                  )}
                </span>
              )}
              {toggles.people && (
                <IconButton
                  icon="users"
                  label={t.members}
                  aria-expanded={toggles.people.open}
                  aria-controls={toggles.people.controls}
                  onClick={toggles.people.onToggle}
                  className={toggles.people.open ? 'bg-hover text-fg' : ''}
                />
              )}
              <span className="relative">
                <MenuButton
                  label={t.more}
                  icon="more"
                  items={[
                    { id: 'away', label: t.away, icon: 'moon', checked: away, onSelect: onToggleAway },
                    { id: 'search', label: t.search, icon: 'search', checked: searchOpen, onSelect: onToggleSearch },
                    {
                      id: 'transfers',
                      label: t.transfers,
                      icon: 'download',
                      checked: transfersOpen,
                      badge,
                      onSelect: onToggleTransfers,
                    },
                    { id: 'settings', label: t.settings, icon: 'settings', onSelect: onSettings },
                  ]}
                />
                {liveTransfers > 0 && (
                  <span
                    className="pointer-events-none absolute -right-0.5 -top-0.5 size-2.5 rounded-full bg-accent ring-2 ring-panel"
                    aria-hidden="true"
                  />
                )}
              </span>
            </>
          ) : (
            <>
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
                <span>{t.away}</span>
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
                {badge && <span className="absolute -right-0.5 -top-0.5">{badge}</span>}
              </span>
              <IconButton icon="settings" label={t.settings} onClick={onSettings} />
            </>
          )}
        </div>
      )}
      {!closed && (
        <>
          <span className="mx-1 h-6 w-px shrink-0 bg-line" aria-hidden="true" />
          <IconButton icon="logout" label={t.leaveRoom} onClick={onLeave} />
        </>
      )}
    </header>
  );
}
