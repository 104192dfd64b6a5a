import { useId, useState } from 'react';
import type { UserInfo } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { Name } from '../messages/Name';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';

/**
 * "Send files" from the composer: pick the recipients, then the files (native dialog, several at once). Also picks who
 * gets a long message sent as a file.
 */
export function SendFilesDialog({
  users,
  self,
  onSend,
  onClose,
  title,
  description,
  confirmLabel,
  onSendToEveryone,
}: {
  users: readonly UserInfo[];
  self: string;
  onSend: (to: string[]) => void;
  onClose: () => void;
  /** Other wording, e.g. for a long message sent as a file (the files are then already chosen). */
  title?: string;
  description?: string;
  confirmLabel?: string;
  /** Offers "Send to everyone": the files go to everyone else in the room as one offer. */
  onSendToEveryone?: () => void;
}) {
  const t = useT();
  const baseId = useId();
  const others = users.filter((u) => u.nick.toLowerCase() !== self.toLowerCase());
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (nick: string) => {
    const next = new Set(chosen);
    if (next.has(nick)) next.delete(nick);
    else next.add(nick);
    setChosen(next);
  };
  return (
    <Dialog
      title={title ?? t.sendFiles}
      description={description ?? t.sendFilesBody}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t.cancel}</Button>
          {onSendToEveryone && (
            <Button icon="users" disabled={others.length === 0} onClick={onSendToEveryone}>
              {t.sendToEveryone}
            </Button>
          )}
          <Button variant="primary" icon="paperclip" disabled={chosen.size === 0} onClick={() => onSend([...chosen])}>
            {confirmLabel ?? t.chooseFiles}
          </Button>
        </>
      }
    >
      <ul className="scrollbar-thin max-h-72 space-y-0.5 overflow-y-auto" aria-label={t.members}>
        {others.map((user, i) => {
          const id = `${baseId}-${i}`;
          return (
            <li key={user.nick}>
              <label
                htmlFor={id}
                className="flex cursor-pointer items-center gap-3 rounded-lg px-2 py-1.5 hover:bg-hover"
              >
                <input
                  id={id}
                  type="checkbox"
                  checked={chosen.has(user.nick)}
                  onChange={() => toggle(user.nick)}
                  className="size-4 accent-[var(--sb-accent)]"
                  aria-label={displayName(user.nick)}
                />
                <Avatar nick={user.nick} size="sm" />
                <span className="truncate text-sm text-fg">
                  <Name name={user.nick} />
                </span>
                {user.status === 'away' && <span className="ml-auto text-xs text-faint">{t.statusAway}</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
