import type { RecentRoom } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { formatAddress } from '../../lib/address';
import { displayName } from '../../lib/display-text';
import { IconButton } from '../ui/Button';
import { Icon } from '../ui/Icon';

export function RecentRooms({
  rooms,
  onPick,
  onForget,
}: {
  rooms: readonly RecentRoom[];
  onPick: (room: RecentRoom) => void;
  onForget: (room: RecentRoom) => void;
}) {
  const t = useT();
  return (
    <section aria-labelledby="recent-heading">
      <h3 id="recent-heading" className="mb-2 text-[11px] font-semibold uppercase tracking-wider text-muted">
        {t.recentRooms}
      </h3>
      {rooms.length === 0 ? (
        <p className="text-xs text-faint">{t.noRecentRooms}</p>
      ) : (
        <ul className="space-y-1">
          {rooms.map((room) => {
            const address = formatAddress(room.host, room.port);
            // Rooms of one many-room host share the address: the room tells them apart.
            const where = room.room ? `${address} · ${displayName(room.room, 32)}` : address;
            return (
              <li
                key={`${address}/${room.room ?? ''}`}
                className="group flex items-center gap-1 rounded-lg hover:bg-hover"
              >
                <button
                  type="button"
                  onClick={() => onPick(room)}
                  className="flex min-w-0 flex-1 items-center gap-3 rounded-lg px-2 py-1.5 text-left"
                >
                  <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-sidebar text-muted">
                    <Icon name="hash" />
                  </span>
                  <span className="min-w-0">
                    <bdi className="bidi-isolate block truncate text-sm font-medium text-fg">
                      {room.name ? displayName(room.name, 40) : address}
                    </bdi>
                    <span className="block truncate font-mono text-[11px] text-faint">{address}</span>
                  </span>
                </button>
                <IconButton
                  icon="x"
                  label={`${t.forget} ${where}`}
                  onClick={() => onForget(room)}
                  className="size-7 opacity-0 group-hover:opacity-100 focus:opacity-100"
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
