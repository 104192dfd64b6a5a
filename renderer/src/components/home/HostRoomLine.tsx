/**
 * One room of a many-room host on a line: its name, "default", a key when it needs a password (as in the nearby
 * list, where a lock means a verified identity), people/capacity (the screen-reader text says each part in words).
 * Shared by the join form's room choice and the rooms list.
 */
import type { HostRoom } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { Icon } from '../ui/Icon';

/** A separator screen readers hear between the parts of a room's label. */
const Pause = () => <span className="sr-only">, </span>;

export function HostRoomLine({ room, isDefault }: { room: HostRoom; isDefault: boolean }) {
  const t = useT();
  return (
    <>
      <bdi className="bidi-isolate min-w-0 truncate text-sm font-medium text-fg">{displayName(room.name, 32)}</bdi>
      {isDefault && (
        <>
          <Pause />
          <span className="shrink-0 rounded border border-line bg-raised px-1 text-[10.5px] font-medium text-muted">
            {t.roomDefault}
          </span>
        </>
      )}
      {room.passwordRequired && (
        <>
          <Pause />
          <span
            title={t.nearbyPassword}
            className="flex shrink-0 items-center rounded bg-warn-soft px-1 py-0.5 text-warn"
          >
            <Icon name="key" className="size-3" />
            <span className="sr-only">{t.nearbyPassword}</span>
          </span>
        </>
      )}
      <Pause />
      <PeopleCount people={room.people} maxUsers={room.maxUsers} className="ml-auto" />
    </>
  );
}

/** "3/40" beside a people icon, said in words to screen readers; used by every room line (this one, nearby rooms). */
export function PeopleCount({
  people,
  maxUsers,
  className = '',
}: {
  people: number;
  maxUsers: number;
  className?: string;
}) {
  const t = useT();
  return (
    <span className={`flex shrink-0 items-center gap-1 text-xs tabular-nums text-muted ${className}`}>
      <Icon name="users" className="size-3.5" />
      <span aria-hidden="true">
        {people}/{maxUsers}
      </span>
      <span className="sr-only">{t.nearbyPeople(people, maxUsers)}</span>
    </span>
  );
}
