/** One row of the conversation: a message (grouped under its author's name and time), a file card or a system line. */
import { memo, type ReactNode } from 'react';
import { useLocale, useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { formatTime } from '../../lib/format';
import type { TimelineEntry } from '../../store/model';
import { FileCard } from '../files/FileCard';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { MessageText } from './MessageText';
import { Name } from './Name';
import { isDividerNotice, NoticeText } from './NoticeText';

const GROUP_GAP_MS = 5 * 60 * 1000;

/** Starts a new visual group (avatar, name, time) unless the same person spoke just before, the same way. */
export function startsGroup(entry: TimelineEntry, previous: TimelineEntry | undefined): boolean {
  if (entry.kind !== 'msg' || previous?.kind !== 'msg') return true;
  return (
    previous.from.toLowerCase() !== entry.from.toLowerCase() ||
    previous.scope !== entry.scope ||
    entry.ts - previous.ts > GROUP_GAP_MS
  );
}

/** Rendered heights (px) of the common rows, for the virtualized list's estimates; measured in Chromium. */
const ROW_HEIGHT = { notice: 31, head: 61, continuation: 28 };

/** A file card: its head and one file, more files, a thumbnail, the answer buttons (measured in Chromium). */
function estimateCardHeight(entry: Extract<TimelineEntry, { kind: 'file' }>): number {
  const { files, direction } = entry.file;
  const thumbs = files.filter((f) => f.previewUrl && f.state === 'verified').length;
  const answer = direction === 'receive' && files.some((f) => f.state === 'waiting');
  return 118 + (files.length > 1 ? 26 + (files.length - 1) * 52 : 0) + thumbs * 168 + (answer ? 78 : 0);
}

/** A cheap guess at a row's height (no lowercasing: 100,000 rows are estimated at once). */
export function estimateRowHeight(entry: TimelineEntry | undefined, previous: TimelineEntry | undefined): number {
  if (!entry || entry.kind === 'notice') return ROW_HEIGHT.notice;
  if (entry.kind === 'file') return estimateCardHeight(entry);
  if (
    previous?.kind !== 'msg' ||
    previous.from !== entry.from ||
    previous.scope !== entry.scope ||
    entry.ts - previous.ts > GROUP_GAP_MS
  )
    return ROW_HEIGHT.head;
  return ROW_HEIGHT.continuation;
}

export const MessageRow = memo(function MessageRow({
  entry,
  previous,
  status,
  sending,
}: {
  entry: TimelineEntry;
  previous?: TimelineEntry;
  /** Under the message: how far it got, for my messages not posted yet (PendingStatus). */
  status?: ReactNode;
  /** Not posted yet: the text shows lighter. */
  sending?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  if (entry.kind === 'notice') {
    if (isDividerNotice(entry.notice)) return <NoticeText notice={entry.notice} />;
    return (
      <div className="px-5 py-1.5 pl-[68px]" data-kind="notice">
        <NoticeText notice={entry.notice} />
      </div>
    );
  }
  if (entry.kind === 'file') return <FileCard entry={entry} />;
  const head = startsGroup(entry, previous);
  const time = formatTime(entry.ts, locale);
  const whisper = entry.scope === 'whisper';
  const body = (
    <div className={whisper ? 'rounded-lg border-l-2 border-whisper bg-whisper-soft px-3 py-1.5' : ''}>
      {whisper && (
        <p className="mb-0.5 flex items-center gap-1 text-xs font-medium text-whisper">
          <Icon name="whisper" className="size-3.5" />
          {entry.own ? (
            <span dir="auto" className="bidi-isolate">
              {t.whisperTo(displayName(entry.to ?? '', 40))}
            </span>
          ) : (
            <span>{t.whisperFrom}</span>
          )}
        </p>
      )}
      <div className={sending ? 'opacity-75' : undefined}>
        <MessageText text={entry.text} />
      </div>
    </div>
  );
  return (
    <div
      className={`group relative flex gap-3 px-5 hover:bg-hover/40 ${head ? 'pt-3' : 'pt-0.5'} pb-0.5`}
      data-kind={whisper ? 'whisper' : entry.own ? 'own' : 'msg'}
    >
      <div className="relative w-9 shrink-0">
        {head ? (
          <Avatar nick={entry.from} />
        ) : (
          <time className="invisible absolute right-0 top-0 whitespace-nowrap text-[10px] leading-6 text-faint group-hover:visible">
            {time}
          </time>
        )}
      </div>
      <div className="min-w-0 flex-1 text-[14.5px] leading-relaxed text-fg">
        {head && (
          <div className="flex items-baseline gap-2">
            <span className={`truncate font-semibold ${entry.own ? 'text-accent' : 'text-fg'}`}>
              <Name name={entry.from} />
            </span>
            {entry.own && (
              <span className="rounded bg-accent-soft px-1 text-[10px] font-semibold uppercase text-accent">
                {t.you}
              </span>
            )}
            <time className="text-[11px] text-faint">{time}</time>
          </div>
        )}
        {body}
        {status}
      </div>
    </div>
  );
});
