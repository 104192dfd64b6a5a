/** The room header's connection state: a coloured dot and a word (compact, under 768 px: the word for screen readers only). */
import type { ConnectionState } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';

export function ConnectionPill({ connection, compact = false }: { connection: ConnectionState; compact?: boolean }) {
  const t = useT();
  const { phase, rttMs } = connection;
  const tone =
    phase === 'connected' ? 'bg-ok' : phase === 'disconnected' || phase === 'closed' ? 'bg-danger' : 'bg-warn';
  const label =
    phase === 'connected'
      ? t.connected
      : phase === 'closed'
        ? t.roomClosedStatus
        : phase === 'disconnected' || phase === 'idle'
          ? t.disconnected
          : t.connecting;
  return (
    <span
      role="status"
      title={label}
      className={`inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full border border-line bg-raised py-1 text-xs text-muted ${compact ? 'px-2' : 'px-2.5'}`}
    >
      <span className={`size-2 rounded-full ${tone}`} aria-hidden="true" />
      <span className={compact ? 'max-md:sr-only' : ''}>{label}</span>
      {phase === 'connected' && rttMs !== undefined && (
        <span className="tabular-nums text-faint max-xl:hidden">· {t.rtt(Math.round(rttMs))}</span>
      )}
    </span>
  );
}
