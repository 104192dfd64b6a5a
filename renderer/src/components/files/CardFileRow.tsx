/** One file of a file card: thumbnail (received, verified images), name, size, state, progress, Show in folder. */
import { useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { formatBytes } from '../../lib/format';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { ProgressBar } from '../ui/ProgressBar';
import type { CardFileView } from './card-files';
import { ReceiverRows } from './ReceiverRows';
import { TRANSFER_TONE as TONE } from '../transfers/transfer-tone';

/** The thumbnail's box (CSS px): the image is scaled into it whole. */
const THUMB = { width: 240, height: 160 };

export function CardFileRow({
  file,
  receiving,
  answering,
  onShowInFolder,
}: {
  file: CardFileView;
  receiving: boolean;
  /** The card asks me to answer below: a waiting file needs no line of its own. */
  answering: boolean;
  onShowInFolder: ((transferId: string) => void) | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const [broken, setBroken] = useState(false);
  const name = displayName(file.name, 80);
  const fraction = file.size > 0 ? Math.min(1, file.bytes / file.size) : file.state === 'verified' ? 1 : 0;
  const percent = Math.round(fraction * 100);
  const moving = file.state === 'accepted' || file.state === 'running' || file.state === 'verifying';
  const label = receiving && file.state === 'waiting' ? t.t_offered : t[`t_${file.state}`];
  const why =
    file.reason && (file.state === 'failed' || file.state === 'interrupted' || file.state === 'cancelled')
      ? t[`fr_${file.reason}`]
      : undefined;
  const thumb = receiving && file.state === 'verified' && file.previewUrl && !broken ? file.previewUrl : undefined;
  return (
    <li className="min-w-0">
      {thumb && (
        <img
          src={thumb}
          alt={t.cardPreview(name)}
          width={THUMB.width}
          height={THUMB.height}
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setBroken(true)}
          className="mb-2 block h-[160px] w-[240px] max-w-full rounded-lg border border-line bg-sidebar object-contain"
        />
      )}
      <div className="flex min-w-0 items-center gap-2.5">
        <Icon name="file" className="size-5 shrink-0 text-muted" />
        <bdi
          className="bidi-isolate min-w-0 flex-1 truncate text-sm font-medium text-fg"
          title={displayName(file.name, 255)}
        >
          {name}
        </bdi>
        <span className="shrink-0 text-xs tabular-nums text-muted">
          {moving ? `${formatBytes(file.bytes, locale)} / ` : ''}
          {formatBytes(file.size, locale)}
        </span>
      </div>
      {file.receivers ? (
        <ReceiverRows name={name} receivers={file.receivers} />
      ) : (
        moving && <ProgressBar label={name} fraction={fraction} className="mt-1.5" />
      )}
      <div
        className={`mt-1 flex min-w-0 items-center justify-between gap-2 ${(answering && file.state === 'waiting') || file.receivers ? 'hidden' : ''}`}
      >
        <span className={`flex min-w-0 items-center gap-1 text-[11px] font-medium ${TONE[file.state]}`}>
          {file.state === 'verified' && <Icon name="shield" className="size-3.5 shrink-0" />}
          <span className="truncate">
            {label}
            {file.state === 'running' && ` · ${percent}%`}
            {why && ` · ${why}`}
          </span>
        </span>
        {file.canShowInFolder && file.transferId && onShowInFolder && (
          <Button size="sm" variant="subtle" icon="folder" onClick={() => onShowInFolder(file.transferId!)}>
            {t.showInFolder}
          </Button>
        )}
      </div>
    </li>
  );
}
