/** Over the room's limit: Enter does not send; this bar offers to split the message or to send it as a file. */
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';

export function OverLimitBar({
  parts,
  progress,
  busy,
  onSplit,
  onFile,
}: {
  parts: number;
  /** While splitting: parts sent so far of how many. */
  progress: { sent: number; total: number } | null;
  busy: boolean;
  onSplit: () => void;
  onFile: () => void;
}) {
  const t = useT();
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 rounded-xl border border-warn/40 bg-warn-soft px-3 py-2 text-[13px] text-warn">
      <Icon name="alert" className="size-4 shrink-0" />
      <span className="min-w-0 flex-1 font-medium" role={progress ? 'status' : undefined}>
        {progress ? t.sendingParts(Math.min(progress.sent + 1, progress.total), progress.total) : t.tooLongForOne}
      </span>
      <Button size="sm" variant="primary" disabled={busy} onClick={onSplit}>
        {t.splitInto(parts)}
      </Button>
      <Button size="sm" icon="file" disabled={busy} onClick={onFile}>
        {t.sendAsFile}
      </Button>
    </div>
  );
}
