import { memo, useId, useState } from 'react';
import type { UserInfo } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { Name } from '../messages/Name';
import { Avatar } from '../ui/Avatar';
import { IconButton } from '../ui/Button';
import { droppedFiles, isFileDrag } from './drop-files';
import { MemberBadges, memberBadgeText } from './MemberBadges';

export interface UserActionsHandlers {
  onWhisper: (nick: string) => void;
  onAskDm: (nick: string) => void;
  onSendFiles: (nick: string) => void;
  onDropFiles: (nick: string, files: File[]) => void;
}

const DOT = { active: 'bg-ok', away: 'bg-warn', dm: 'bg-whisper' } as const;

export const UserRow = memo(function UserRow({
  user,
  isSelf,
  canDm,
  handlers,
}: {
  user: UserInfo;
  isSelf: boolean;
  canDm: boolean;
  handlers: UserActionsHandlers;
}) {
  const t = useT();
  const [dragOver, setDragOver] = useState(false);
  const dmReasonId = useId();
  // Why "Ask for a 1:1" cannot be used now (it stays focusable, so the reason is read and shown as its tooltip).
  const dmBlocked = !canDm
    ? t.askDmSelfBusy
    : user.status === 'dm'
      ? t.askDmBusy(displayName(user.nick, 24))
      : user.status === 'away'
        ? t.askDmAway(displayName(user.nick, 24))
        : undefined;
  const statusLabel = { active: t.statusActive, away: t.statusAway, dm: t.statusDm }[user.status];
  const detail = user.status === 'away' && user.awayText ? displayName(user.awayText, 80) : statusLabel;
  const dropProps = isSelf
    ? {}
    : {
        onDragEnter: (e: React.DragEvent) => isFileDrag(e) && setDragOver(true),
        onDragOver: (e: React.DragEvent) => {
          if (!isFileDrag(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        },
        onDragLeave: (e: React.DragEvent) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragOver(false);
        },
        onDrop: (e: React.DragEvent) => {
          e.preventDefault();
          e.stopPropagation();
          setDragOver(false);
          handlers.onDropFiles(user.nick, droppedFiles(e));
        },
      };
  return (
    <li
      {...dropProps}
      data-nick={user.nick}
      aria-label={`${displayName(user.nick)} — ${[statusLabel, ...memberBadgeText(t, user)].join(', ')}`}
      className={`group relative flex items-center gap-2.5 rounded-lg px-2 py-1.5 transition-colors ${
        dragOver ? 'bg-accent-soft ring-2 ring-accent' : 'hover:bg-hover focus-within:bg-hover'
      }`}
    >
      <span className="relative">
        <Avatar nick={user.nick} size="sm" />
        <span
          className={`absolute -bottom-0.5 -right-0.5 size-2.5 rounded-full ring-2 ring-sidebar ${DOT[user.status]}`}
          aria-hidden="true"
        />
      </span>
      <span className="min-w-0 flex-1 leading-tight">
        <span
          className={`block truncate text-[13.5px] font-medium ${user.status === 'away' ? 'text-muted' : 'text-fg'}`}
        >
          <Name name={user.nick} max={32} />
          {isSelf && <span className="ml-1.5 text-xs font-normal text-faint">({t.you})</span>}
        </span>
        <MemberBadges user={user} />
        <span dir="auto" className="bidi-isolate block truncate text-[11.5px] text-faint">
          {dragOver ? t.dropHere(displayName(user.nick, 24)) : detail}
        </span>
      </span>
      {!isSelf && (
        <span
          className="flex opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100"
          role="group"
          aria-label={t.userActions(displayName(user.nick))}
        >
          <IconButton
            icon="whisper"
            label={`${t.whisper}: ${displayName(user.nick, 24)}`}
            onClick={() => handlers.onWhisper(user.nick)}
            className="size-7"
          />
          <IconButton
            icon="message"
            label={`${t.askDm}: ${displayName(user.nick, 24)}`}
            onClick={() => {
              if (!dmBlocked) handlers.onAskDm(user.nick);
            }}
            aria-disabled={dmBlocked ? true : undefined}
            aria-describedby={dmBlocked ? dmReasonId : undefined}
            {...(dmBlocked ? { title: dmBlocked } : {})}
            className="size-7 aria-disabled:cursor-not-allowed aria-disabled:opacity-40"
          />
          {dmBlocked && (
            <span id={dmReasonId} hidden>
              {dmBlocked}
            </span>
          )}
          <IconButton
            icon="paperclip"
            label={`${t.sendFiles}: ${displayName(user.nick, 24)}`}
            onClick={() => handlers.onSendFiles(user.nick)}
            className="size-7"
          />
        </span>
      )}
    </li>
  );
});
