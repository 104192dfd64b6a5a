import { useId, useState } from 'react';
import type { FoundRoom, HostRoom, RoomsFound } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { formatAddress } from '../../lib/address';
import { displayName } from '../../lib/display-text';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { HostRoomList } from './HostRoomList';
import { PeopleCount } from './HostRoomLine';

/**
 * "Rooms on this network": each room found (name, address, people, identity-verified lock, password flag) is one
 * button that joins it; a many-room host shows how many rooms it has and its button opens their list, where one
 * click joins one. With none, why that may be and what to try. Room names come from the network: text only.
 */
export function NearbyRooms({
  found,
  onPick,
  onSearchAgain,
}: {
  found: RoomsFound | null;
  /** `chosen`: a room of a many-room host (absent: the host's one room). */
  onPick: (room: FoundRoom, chosen?: HostRoom) => void;
  onSearchAgain: () => void;
}) {
  const t = useT();
  const searching = found === null || found.searching;
  const rooms = found?.rooms ?? [];
  return (
    <section aria-labelledby="nearby-heading" aria-busy={searching}>
      <div className="mb-2 flex items-center gap-2">
        <h3 id="nearby-heading" className="text-[11px] font-semibold uppercase tracking-wider text-muted">
          {t.nearbyTitle}
        </h3>
        {searching && (
          <span role="status" className="text-[11px] text-faint">
            {t.nearbySearching}
          </span>
        )}
        <Button
          size="sm"
          variant="ghost"
          icon="refresh"
          className="ml-auto"
          disabled={searching}
          onClick={onSearchAgain}
        >
          {t.nearbySearchAgain}
        </Button>
      </div>
      {rooms.length > 0 ? (
        <ul className="space-y-1" aria-label={t.nearbyTitle}>
          {rooms.map((room) => (
            <NearbyRoom key={room.id} room={room} onPick={onPick} />
          ))}
        </ul>
      ) : (
        !searching && (
          <div className="rounded-lg border border-dashed border-line px-3 py-2.5 text-xs text-muted">
            <p className="font-medium text-fg">{t.nearbyNoneTitle}</p>
            <p className="mt-1">{t.nearbyNoneWhy}</p>
            <p className="mt-1">{t.nearbyNoneTry}</p>
            {found && found.probed.length > 0 && (
              <p className="mt-1 text-faint">{t.nearbyProbed(found.probed.join(', '))}</p>
            )}
          </div>
        )
      )}
    </section>
  );
}

/** A separator screen readers hear between the parts of a room's button (its name is its visible text). */
const Pause = () => <span className="sr-only">, </span>;

function NearbyRoom({ room, onPick }: { room: FoundRoom; onPick: (room: FoundRoom, chosen?: HostRoom) => void }) {
  const t = useT();
  const address = formatAddress(room.host, room.port);
  const name = displayName(room.name, 40);
  const many = room.rooms;
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <li>
      <button
        type="button"
        onClick={() => (many ? setOpen(!open) : onPick(room))}
        title={many ? t.nearbyShowRooms(name) : t.nearbyJoin(name)}
        {...(many ? { 'aria-expanded': open, 'aria-controls': listId } : {})}
        className="flex w-full min-w-0 items-center gap-3 rounded-lg border border-line bg-raised px-2.5 py-2 text-left hover:bg-hover"
      >
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent">
          <Icon name="wifi" />
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex min-w-0 items-center gap-1.5">
            <bdi className="bidi-isolate truncate text-sm font-medium text-fg">{name}</bdi>
            <Pause />
            <span title={t.nearbyVerified} className="shrink-0 text-ok">
              <Icon name="lock" className="size-3.5" />
              <span className="sr-only">{t.nearbyVerified}</span>
            </span>
          </span>
          <span className="mt-0.5 flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-0.5 text-[11px] text-faint">
            {room.passwordRequired && (
              <>
                <Pause />
                <span className="flex shrink-0 items-center gap-0.5 rounded bg-warn-soft px-1 text-[10.5px] font-medium text-warn">
                  <Icon name="key" className="size-3" />
                  {t.nearbyPassword}
                </span>
              </>
            )}
            <Pause />
            <span className="min-w-0 truncate">
              <span className="font-mono">{address}</span> · {t[`nearbyVia_${room.via}`]}
            </span>
          </span>
        </span>
        <Pause />
        {many ? (
          <span className="flex shrink-0 items-center gap-1 text-xs tabular-nums text-muted">
            <Icon name="hash" className="size-3.5" />
            {t.roomCount(many.count)}
            <Icon name="chevron" className={`size-3.5 transition-transform ${open ? 'rotate-90' : ''}`} />
          </span>
        ) : (
          <PeopleCount people={room.people} maxUsers={room.maxUsers} />
        )}
      </button>
      {many && open && (
        <HostRoomList id={listId} host={room} known={many.list} onPick={(chosen) => onPick(room, chosen)} />
      )}
    </li>
  );
}
