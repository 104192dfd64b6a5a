/** A file of my group offer on its card: one line per person it went to, with their own state and progress. */
import { useT } from '../../i18n/i18n';
import { Name } from '../messages/Name';
import { Icon } from '../ui/Icon';
import { ProgressBar } from '../ui/ProgressBar';
import { TRANSFER_TONE as TONE } from '../transfers/transfer-tone';
import type { ReceiverView } from './card-files';

export function ReceiverRows({ name, receivers }: { name: string; receivers: readonly ReceiverView[] }) {
  const t = useT();
  return (
    <ul aria-label={t.cardReceivers(name)} className="mt-1.5 space-y-1 border-l-2 border-line pl-2.5">
      {receivers.map((r) => {
        const fraction = r.size > 0 ? Math.min(1, r.bytes / r.size) : r.state === 'verified' ? 1 : 0;
        const moving = r.state === 'accepted' || r.state === 'running' || r.state === 'verifying';
        const why =
          r.reason && (r.state === 'failed' || r.state === 'interrupted' || r.state === 'cancelled')
            ? t[`fr_${r.reason}`]
            : undefined;
        return (
          <li key={r.transferId ?? r.nick} data-receiver={r.nick} className="min-w-0">
            <div className="flex min-w-0 items-center justify-between gap-2 text-[11px]">
              <span className="truncate font-medium text-fg">
                <Name name={r.nick} max={32} />
              </span>
              <span className={`flex shrink-0 items-center gap-1 font-medium ${TONE[r.state]}`}>
                {r.state === 'verified' && <Icon name="shield" className="size-3.5 shrink-0" />}
                {t[`t_${r.state}`]}
                {r.state === 'running' && ` · ${Math.round(fraction * 100)}%`}
                {why && ` · ${why}`}
              </span>
            </div>
            {moving && <ProgressBar label={`${name}: ${r.nick}`} fraction={fraction} className="mt-1" />}
          </li>
        );
      })}
    </ul>
  );
}
