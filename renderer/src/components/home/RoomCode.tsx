import { useT } from '../../i18n/i18n';
import { CopyButton } from './CopyButton';

/**
 * A room code (or key code) shown large enough to read aloud and compare, with a copy button and what it is for.
 * Compact (the room's sidebar): the code gets a line of its own so it never wraps.
 */
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
  const codeText = (
    <span
      className={`block whitespace-nowrap font-mono font-semibold text-fg select-all ${
        compact ? 'text-[12.5px]' : 'text-lg tracking-wide'
      }`}
    >
      {code}
    </span>
  );
  return (
    <div className="rounded-lg border border-line bg-raised px-3 py-2">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1">
          <span className="block text-[11px] font-semibold uppercase tracking-wider text-muted">{name}</span>
          {!compact && codeText}
        </span>
        <CopyButton text={code} label={name} />
      </div>
      {compact ? codeText : <p className="mt-1 text-xs text-muted">{hint ?? t.roomCodeHint}</p>}
    </div>
  );
}
