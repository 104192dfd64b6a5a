/** The strips under the room header: reconnecting, and away. */
import { useMemo } from 'react';
import type { ConnectionState } from '@contract/ipc-contract';
import { useNow } from '../../hooks/use-now';
import { useLocale, useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';

function Banner({
  tone,
  icon,
  children,
}: {
  tone: 'warn' | 'accent' | 'muted';
  icon: 'refresh' | 'moon' | 'message';
  children: React.ReactNode;
}) {
  const tones = {
    warn: 'bg-warn-soft text-warn',
    accent: 'bg-accent-soft text-accent',
    muted: 'bg-sidebar text-muted',
  };
  return (
    <div
      role="status"
      className={`flex items-center gap-3 border-b border-line px-5 py-2 text-[13px] font-medium ${tones[tone]}`}
    >
      <Icon
        name={icon}
        className={`size-4 shrink-0 ${icon === 'refresh' ? 'animate-spin [animation-duration:2s]' : ''}`}
      />
      {children}
    </div>
  );
}

/** "Connection lost. Reconnecting…" while the client retries by itself. */
export function ReconnectingBanner({ connection }: { connection: ConnectionState }) {
  const t = useT();
  const now = useNow();
  // The retry delay counts from when this state arrived.
  const since = useMemo(() => Date.now(), [connection]);
  if (connection.phase !== 'reconnecting') return null;
  const seconds =
    connection.retryInMs !== undefined ? Math.max(0, Math.ceil((since + connection.retryInMs - now) / 1000)) : 0;
  return (
    <Banner tone="warn" icon="refresh">
      <span className="flex-1">{t.reconnecting(connection.attempt ?? 1, seconds)}</span>
    </Banner>
  );
}

/** While I am away: what the room does with messages meanwhile (kept up to its history, or only counted). */
export function AwayBanner({ historyKept, onBack }: { historyKept: number; onBack: () => void }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Banner tone="muted" icon="moon">
      <span className="flex-1">
        {historyKept > 0 ? t.awayBannerKept(historyKept.toLocaleString(locale)) : t.awayBannerNoHistory}
      </span>
      <Button size="sm" variant="primary" onClick={onBack}>
        {t.comeBack}
      </Button>
    </Banner>
  );
}
