/**
 * The rooms of a many-room host in "Rooms on this network", shown when its entry is opened: asked of the host
 * (`discovery.rooms`) unless the search already listed them; each room is one button that joins it (verified by the
 * host's room code, as every room in the list). Room names come from the network: text only.
 */
import { useEffect, useState } from 'react';
import type { FoundRoom, HostRoom } from '@contract/ipc-contract';
import { useApi } from '../../app/app-context';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { sameRoom } from '../../lib/room-name';
import { Icon } from '../ui/Icon';
import { HostRoomLine } from './HostRoomLine';

export function HostRoomList({
  id,
  host,
  known,
  onPick,
}: {
  id: string;
  host: FoundRoom;
  /** The rooms the search already read, if it did. */
  known: readonly HostRoom[] | undefined;
  onPick: (room: HostRoom) => void;
}) {
  const t = useT();
  const api = useApi();
  const [rooms, setRooms] = useState<readonly HostRoom[] | null | undefined>(known?.length ? known : undefined);
  useEffect(() => {
    if (known?.length) return;
    let live = true;
    void api.invoke('discovery.rooms', { host: host.host, port: host.port }).then((reply) => {
      if (live) setRooms(reply.ok && reply.result ? reply.result.rooms : null);
    });
    return () => {
      live = false;
    };
  }, [api, host.host, host.port, known]);

  if (rooms === undefined)
    return (
      <p id={id} role="status" className="py-1.5 pl-12 text-xs text-faint">
        {t.nearbyRoomsLoading}
      </p>
    );
  if (rooms === null || rooms.length === 0)
    return (
      <p id={id} role="alert" className="py-1.5 pl-12 text-xs text-muted">
        {t.nearbyRoomsFailed}
      </p>
    );
  return (
    <ul id={id} className="mt-1 space-y-1 pl-6" aria-label={t.nearbyShowRooms(displayName(host.name, 40))}>
      {rooms.map((room) => {
        return (
          <li key={room.name}>
            <button
              type="button"
              onClick={() => onPick(room)}
              title={t.nearbyJoin(displayName(room.name, 32))}
              className="flex w-full min-w-0 items-center gap-2.5 rounded-lg border border-line bg-raised px-2.5 py-1.5 text-left hover:bg-hover"
            >
              <Icon name="hash" className="size-4 shrink-0 text-faint" />
              <HostRoomLine room={room} isDefault={sameRoom(room.name, host.name)} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
