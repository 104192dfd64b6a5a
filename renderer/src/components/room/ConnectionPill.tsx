import type { ConnectionState } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';

export function ConnectionPill({ connection }: { connection: ConnectionState }) {
  const t = useT();
  const { phase, rttMs } = connection;
  const tone = phase === 'connected' ? 'bg-ok' : phase === 'disconnected' ? 'bg-danger' : 'bg-warn';
  const label =
    phase === 'connected' ? t.connected : phase === 'disconnected' || phase === 'idle' ? t.disconnected : t.connecting;
  return (
    <span
      role="status"
      className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full border border-line bg-raised px-2.5 py-1 text-xs text-muted"
    >
      <span className={`size-2 rounded-full ${tone}`} aria-hidden="true" />
      <span>{label}</span>
      {phase === 'connected' && rttMs !== undefined && (
        <span className="tabular-nums text-faint max-lg:hidden">· {t.rtt(Math.round(rttMs))}</span>
      )}
    </span>
  );
}
