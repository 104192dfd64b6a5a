import { useT } from '../../i18n/i18n';
import type { TransferView } from '../../store/model';
import { Button, IconButton } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { TransferItem, isLive, type TransferHandlers } from './TransferItem';

interface TransfersPanelProps {
  transfers: readonly TransferView[];
  handlers: TransferHandlers;
  /** Forget the ended transfers that leave nothing to do (all but a send that can be resumed). */
  onClearFinished: () => void;
  onClose: () => void;
}

/** Every transfer of this session, newest first. */
export function TransfersPanel({ transfers, handlers, onClearFinished, onClose }: TransfersPanelProps) {
  const t = useT();
  const newestFirst = [...transfers].sort((a, b) => b.createdAt - a.createdAt);
  const anyFinished = transfers.some((transfer) => !isLive(transfer.state) && !transfer.resumable);
  return (
    <section aria-labelledby="transfers-heading" className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center justify-between px-4 pb-2 pt-3">
        <h2 id="transfers-heading" className="text-[11px] font-semibold uppercase tracking-wider text-muted">
          {t.transfers}
        </h2>
        <div className="flex items-center gap-1">
          {anyFinished ? (
            <Button variant="ghost" size="sm" onClick={onClearFinished}>
              {t.clearFinished}
            </Button>
          ) : null}
          <IconButton icon="x" label={t.close} onClick={onClose} className="size-7" />
        </div>
      </div>
      {newestFirst.length === 0 ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center text-sm text-muted">
          <Icon name="upload" className="size-8 text-faint" />
          {t.noTransfers}
        </div>
      ) : (
        <ul className="scrollbar-thin min-h-0 flex-1 space-y-2 overflow-y-auto px-3 pb-4">
          {newestFirst.map((transfer) => (
            <TransferItem key={transfer.transferId} transfer={transfer} handlers={handlers} />
          ))}
        </ul>
      )}
    </section>
  );
}
