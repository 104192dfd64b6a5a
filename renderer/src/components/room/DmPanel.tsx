import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import type { DmView, PendingMessage } from '../../store/model';
import { Composer, type ComposerProps } from '../composer/Composer';
import { MessageList } from '../messages/MessageList';
import type { PendingHandlers } from '../messages/PendingStatus';
import { Name } from '../messages/Name';
import { droppedFiles, isFileDrag } from '../people/drop-files';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';

/** The private conversation beside the room. Files dropped here go to the partner. */
export function DmPanel({
  dm,
  self,
  onSubmit,
  limitBytes,
  onSendLong,
  onEnd,
  onSendFiles,
  onDropFiles,
  onRead,
  pending,
  pendingHandlers,
  queued,
}: {
  dm: DmView;
  /** My 1:1 messages not posted yet, and their Retry / Delete. */
  pending?: readonly PendingMessage[];
  pendingHandlers?: PendingHandlers;
  /** Not connected: messages wait for the connection. */
  queued?: boolean;
  self: string;
  onSubmit: (text: string) => Promise<boolean>;
  /** The room's text limit and what to do with a longer message (see Composer). */
  limitBytes: number;
  onSendLong: ComposerProps['onSendLong'];
  onEnd: () => void;
  onSendFiles: () => void;
  onDropFiles: (files: File[]) => void;
  onRead: () => void;
}) {
  const t = useT();
  const [dragOver, setDragOver] = useState(false);
  const peer = displayName(dm.peer, 32);
  const active = dm.state === 'active';
  useEffect(() => {
    if (dm.unread > 0) onRead();
  }, [dm.unread, onRead]);
  return (
    <section
      aria-label={t.dmTitle(peer)}
      className={`relative flex w-full flex-col border-l border-line bg-panel ${dragOver ? 'ring-2 ring-inset ring-accent' : ''}`}
      onDragOver={(e) => {
        if (!active || !isFileDrag(e)) return;
        e.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setDragOver(false);
        if (active) onDropFiles(droppedFiles(e));
      }}
    >
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-line px-4">
        <Avatar nick={dm.peer} size="sm" />
        <div className="min-w-0 flex-1 leading-tight">
          <p className="truncate text-sm font-semibold text-fg">
            <Name name={dm.peer} max={32} />
          </p>
          <p className="flex items-center gap-1 text-[11px] text-whisper">
            <Icon name="lock" className="size-3" /> 1:1
          </p>
        </div>
        <Button size="sm" variant="ghost" onClick={onEnd}>
          {active ? t.dmEnd : t.dmCancel}
        </Button>
      </header>
      {active ? (
        <>
          <p className="border-b border-line bg-whisper-soft px-4 py-1.5 text-center text-[11.5px] text-whisper">
            {t.dmPrivateNote}
          </p>
          <MessageList log={dm.log} label={t.dmTitle(peer)} pending={pending} pendingHandlers={pendingHandlers} />
          <Composer
            placeholder={t.dmPlaceholder(peer)}
            nicks={[]}
            self={self}
            onSubmit={onSubmit}
            limitBytes={limitBytes}
            onSendLong={onSendLong}
            onAttach={onSendFiles}
            showHint={false}
            queued={queued}
          />
        </>
      ) : (
        <div className="flex flex-1 flex-col items-center justify-center gap-4 p-8 text-center">
          <span className="relative">
            <Avatar nick={dm.peer} size="lg" />
            <span className="absolute -right-1 -top-1 flex size-4">
              <span className="absolute inline-flex size-full animate-ping rounded-full bg-accent opacity-60" />
              <span className="relative inline-flex size-4 rounded-full border-2 border-panel bg-accent" />
            </span>
          </span>
          <p dir="auto" className="bidi-isolate text-sm text-muted">
            {t.dmPending(peer)}
          </p>
        </div>
      )}
      {dragOver && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center bg-accent-soft/80 text-sm font-semibold text-accent">
          {t.dropHere(peer)}
        </div>
      )}
    </section>
  );
}
