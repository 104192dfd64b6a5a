/**
 * A file offer in the conversation: who sent it to whom, each file's name, size and state (a progress bar while it
 * moves, the reason when it failed), Accept / Save to… / Decline while an offer to me waits, Cancel while live, Show
 * in folder and a thumbnail (received, verified images only; the page's <img> decodes it) once verified.
 */
import { memo } from 'react';
import { useAppState } from '../../app/app-context';
import { useLocale, useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { formatBytes, formatTime } from '../../lib/format';
import type { FileCardEntry } from '../../store/model';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { Name } from '../messages/Name';
import { cardFiles, isLiveState } from './card-files';
import { CardFileRow } from './CardFileRow';
import { useFileCardActions } from './file-card-actions';

export const FileCard = memo(function FileCard({ entry }: { entry: FileCardEntry }) {
  const t = useT();
  const locale = useLocale();
  const actions = useFileCardActions();
  const transfers = useAppState((s) => s.transfers);
  const offerId = entry.file.offerId;
  const offer = useAppState((s) => (offerId === undefined ? undefined : s.offers.find((o) => o.offerId === offerId)));
  const files = cardFiles(entry, transfers, offer);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const receiving = entry.file.direction === 'receive';
  const answerable = receiving && offer !== undefined && offerId !== undefined;
  const live = files.filter((f) => f.transferId && isLiveState(f.state) && f.state !== 'waiting');
  const cancellable = !receiving
    ? files.flatMap((f) => (f.receivers ?? [f]).filter((r) => r.transferId && isLiveState(r.state)))
    : live;
  const names = files.map((f) => displayName(f.name, 80)).join(', ');
  return (
    <div className="flex gap-3 px-5 pb-0.5 pt-3" data-kind="file" data-offer={offerId}>
      <div className="w-9 shrink-0">
        <Avatar nick={entry.from} />
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-baseline gap-2">
          <span className={`truncate font-semibold ${entry.own ? 'text-accent' : 'text-fg'}`}>
            <Name name={entry.from} />
          </span>
          <span className="truncate text-xs text-muted">
            {!entry.own
              ? t.cardToYou
              : entry.file.peer === '*'
                ? t.cardToEveryone
                : t.cardTo(displayName(entry.to ?? entry.file.peer ?? '', 32))}
          </span>
          <time className="shrink-0 text-[11px] text-faint">{formatTime(entry.ts, locale)}</time>
        </div>
        <article
          aria-label={t.cardLabel(displayName(entry.from, 40), names)}
          className="mt-1 max-w-md rounded-xl border border-line bg-raised p-3 shadow-sm"
        >
          {files.length > 1 && (
            <p className="mb-2 flex items-center gap-1.5 text-[11px] font-medium uppercase tracking-wide text-muted">
              <Icon name={receiving ? 'download' : 'upload'} className="size-3.5" />
              {t.cardFiles(files.length, formatBytes(total, locale))}
            </p>
          )}
          <ul className="space-y-2.5">
            {files.map((file) => (
              <CardFileRow
                key={file.key}
                file={file}
                receiving={receiving}
                answering={answerable && actions !== null}
                onShowInFolder={actions?.showInFolder}
              />
            ))}
          </ul>
          {answerable && actions && (
            <div className="mt-3 border-t border-line pt-3">
              <p className="mb-2 text-xs text-muted">{t.cardAnswer}</p>
              <div className="flex flex-wrap justify-end gap-1.5">
                <Button size="sm" variant="ghost" onClick={() => actions.answer({ offerId, decision: 'decline' })}>
                  {t.decline}
                </Button>
                <Button
                  size="sm"
                  icon="folder"
                  onClick={() => actions.answer({ offerId, decision: 'accept', chooseFolder: true })}
                >
                  {t.saveTo}
                </Button>
                <Button
                  size="sm"
                  variant="primary"
                  icon="download"
                  onClick={() => actions.answer({ offerId, decision: 'accept', chooseFolder: false })}
                >
                  {t.accept}
                </Button>
              </div>
            </div>
          )}
          {cancellable.length > 0 && actions && (
            <div className="mt-2 flex justify-end">
              <Button
                size="sm"
                variant="ghost"
                icon="x"
                onClick={() => cancellable.forEach((f) => actions.cancel(f.transferId!))}
              >
                {t.cancelTransfer}
              </Button>
            </div>
          )}
        </article>
      </div>
    </div>
  );
});
