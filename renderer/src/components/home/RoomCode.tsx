import { useT } from '../../i18n/i18n';
import { CopyButton } from './CopyButton';

/** A room code (or key code) shown large enough to read aloud and compare, with a copy button and what it is for. */
export function RoomCode({
  code,
  label,
  hint,
  compact = false,
}: {
  code: string;
  label?: string;
  hint?: string;
  compact?: boolean;
}) {
  const t = useT();
  const name = label ?? t.roomCode;
  return (
    <div className="rounded-lg border border-line bg-raised px-3 py-2">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1">
          <span className="block text-[11px] font-semibold uppercase tracking-wider text-muted">{name}</span>
          <span
            className={`block font-mono font-semibold tracking-wide text-fg select-all ${compact ? 'text-[13px]' : 'text-lg'}`}
          >
            {code}
          </span>
        </span>
        <CopyButton text={code} label={name} />
      </div>
      {!compact && <p className="mt-1 text-xs text-muted">{hint ?? t.roomCodeHint}</p>}
    </div>
  );
}
