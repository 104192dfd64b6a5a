import type { UserInfo } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { UserRow, type UserActionsHandlers } from './UserRow';

/** Everyone in the room with live status; drop files on a person to offer them. */
export function UserList({
  users,
  self,
  canDm,
  handlers,
}: {
  users: readonly UserInfo[];
  self: string;
  canDm: boolean;
  handlers: UserActionsHandlers;
}) {
  const t = useT();
  const me = self.toLowerCase();
  const sorted = [...users].sort((a, b) => Number(b.nick.toLowerCase() === me) - Number(a.nick.toLowerCase() === me));
  return (
    <section aria-labelledby="people-heading" className="flex min-h-0 flex-1 flex-col">
      <h2 id="people-heading" className="px-4 pb-2 pt-4 text-[11px] font-semibold uppercase tracking-wider text-muted">
        {t.members} — {users.length}
      </h2>
      <ul className="scrollbar-thin min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 pb-4">
        {sorted.map((user) => (
          <UserRow
            key={user.nick}
            user={user}
            isSelf={user.nick.toLowerCase() === me}
            canDm={canDm}
            handlers={handlers}
          />
        ))}
      </ul>
    </section>
  );
}
