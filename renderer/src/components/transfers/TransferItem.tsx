/** One transfer in the Transfers panel: file, peer, state, progress with speed and time left, and its actions. */
import { memo } from 'react';
import type { TransferState } from '@contract/ipc-contract';
import { useLocale, useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { formatBytes, formatDuration, formatSpeed } from '../../lib/format';
import type { TransferView } from '../../store/model';
import { Button } from '../ui/Button';
import { transferReasonText } from './transfer-reason';
import { Icon } from '../ui/Icon';
import { ProgressBar } from '../ui/ProgressBar';
import { TRANSFER_TONE as TONE } from './transfer-tone';

export interface TransferHandlers {
  onCancel: (id: string) => void;
  onResume: (id: string) => void;
  onShowInFolder: (id: string) => void;
}

const LIVE: ReadonlySet<TransferState> = new Set(['waiting', 'accepted', 'running', 'verifying']);
export const isLive = (state: TransferState): boolean => LIVE.has(state);

export const TransferItem = memo(function TransferItem({
  transfer,
  handlers,
}: {
  transfer: TransferView;
  handlers: TransferHandlers;
}) {
  const t = useT();
  const locale = useLocale();
  const fraction =
    transfer.size > 0 ? Math.min(1, transfer.bytes / transfer.size) : transfer.state === 'verified' ? 1 : 0;
  const stateLabel = t[`t_${transfer.state}`];
  const running = transfer.state === 'running';
  const name = displayName(transfer.name, 80);
  const percent = Math.round(fraction * 100);
  const showBar = isLive(transfer.state) || transfer.state === 'interrupted';
  return (
    <li className="rounded-xl border border-line bg-raised p-3" aria-label={`${name} — ${stateLabel}`}>
      <div className="flex items-start gap-3">
        <span
          className={`mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg ${transfer.direction === 'send' ? 'bg-accent-soft text-accent' : 'bg-ok-soft text-ok'}`}
        >
          <Icon name={transfer.direction === 'send' ? 'upload' : 'download'} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <bdi
            className="bidi-isolate block truncate text-[13.5px] font-medium text-fg"
            title={displayName(transfer.name, 255)}
          >
            {name}
          </bdi>
          <p className="truncate text-xs text-muted">
            {transfer.direction === 'send' ? t.sending : t.receiving}{' '}
            <bdi className="bidi-isolate font-medium text-fg/80">{displayName(transfer.peer, 32)}</bdi>
          </p>
        </div>
      </div>
      {showBar && (
        <ProgressBar label={name} fraction={fraction} warn={transfer.state === 'interrupted'} className="mt-2.5" />
      )}
      {/* The status sits on its own line under the bar so the file name above keeps the whole width. */}
      <div
        className={`flex flex-wrap items-center justify-between gap-x-3 gap-y-0.5 text-[11px] tabular-nums ${showBar ? 'mt-1.5' : 'mt-1 pl-11'}`}
      >
        <span className={`flex items-center gap-1 font-medium ${TONE[transfer.state]}`}>
          {transfer.state === 'verified' && <Icon name="shield" className="size-3.5" />}
          {stateLabel}
          {running && <span>· {percent}%</span>}
        </span>
        <span className={showBar ? 'text-muted' : 'text-faint'}>
          {showBar
            ? `${formatBytes(transfer.bytes, locale)} / ${formatBytes(transfer.size, locale)}`
            : formatBytes(transfer.size, locale)}
          {running && transfer.bytesPerSec > 0 && ` · ${formatSpeed(transfer.bytesPerSec, locale)}`}
          {running &&
            transfer.bytesPerSec > 0 &&
            transfer.etaMs !== null &&
            ` · ${t.eta(formatDuration(transfer.etaMs))}`}
        </span>
      </div>
      {transfer.message && (transfer.state === 'failed' || transfer.state === 'interrupted') && (
        <p dir="auto" className="bidi-isolate mt-2 text-xs text-danger">
          {transferReasonText(t, transfer)}
        </p>
      )}
      <div className="mt-2 flex justify-end gap-1.5 empty:hidden">
        {isLive(transfer.state) && (
          <Button size="sm" variant="ghost" icon="x" onClick={() => handlers.onCancel(transfer.transferId)}>
            {t.cancelTransfer}
          </Button>
        )}
        {transfer.state === 'interrupted' && transfer.direction === 'receive' && (
          <p className="mr-auto self-center text-[11px] text-muted">{t.resumeAskSender}</p>
        )}
        {transfer.state === 'interrupted' && transfer.direction === 'send' && transfer.resumable && (
          <Button size="sm" variant="subtle" icon="refresh" onClick={() => handlers.onResume(transfer.transferId)}>
            {t.resume}
          </Button>
        )}
        {transfer.canShowInFolder && (
          <Button
            size="sm"
            variant="secondary"
            icon="folder"
            onClick={() => handlers.onShowInFolder(transfer.transferId)}
          >
            {t.showInFolder}
          </Button>
        )}
      </div>
    </li>
  );
});
