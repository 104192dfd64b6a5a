import { useNow } from '../../hooks/use-now';
import { useT } from '../../i18n/i18n';

/** A draining bar plus "Ns left" for consent requests that expire (60 s). */
export function Countdown({ expiresAt, totalMs }: { expiresAt: number; totalMs: number }) {
  const t = useT();
  const now = useNow();
  const left = Math.max(0, expiresAt - now);
  const fraction = totalMs > 0 ? Math.min(1, left / totalMs) : 0;
  return (
    <div className="flex items-center gap-3" aria-live="off">
      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-line">
        <div
          className="h-full rounded-full bg-accent transition-[width] duration-1000 ease-linear"
          style={{ width: `${fraction * 100}%` }}
        />
      </div>
      <span className="w-16 text-right text-xs tabular-nums text-muted">{t.secondsLeft(Math.ceil(left / 1000))}</span>
    </div>
  );
}
