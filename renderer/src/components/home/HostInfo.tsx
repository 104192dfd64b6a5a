import { useState } from 'react';
import type { HostState } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Icon } from '../ui/Icon';
import { roomLink } from '../../lib/address';
import { CopyButton } from './CopyButton';
import { HostSelfCheck } from './HostSelfCheck';
import { RoomCode } from './RoomCode';

type Running = Extract<HostState, { running: true }>;

/** The running room: every LAN address to share (with copy), the room code guests compare, and Stop behind a
 * confirmation. */
export function HostInfo({
  host,
  onStop,
  compact = false,
  userCount,
}: {
  host: Running;
  onStop: () => void;
  compact?: boolean;
  userCount?: number;
}) {
  const t = useT();
  const people = userCount ?? host.userCount;
  const [confirming, setConfirming] = useState(false);
  const first = host.addresses[0];
  const link = roomLink(first?.address ?? '127.0.0.1', host.port, host.roomCode);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2">
        <span className="relative flex size-2.5">
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-ok opacity-50" />
          <span className="relative inline-flex size-2.5 rounded-full bg-ok" />
        </span>
        <span className="text-sm font-semibold text-fg">{t.hostingNow}</span>
        {host.passwordRequired && <Icon name="lock" className="size-3.5 text-muted" />}
        <span className="ml-auto text-xs tabular-nums text-muted">
          {people}/{host.maxUsers}
        </span>
      </div>
      {!compact && <p className="text-xs text-muted">{t.shareAddresses}</p>}
      {host.addresses.length === 0 ? (
        <p className="rounded-lg bg-warn-soft px-3 py-2 text-xs text-warn">{t.noAddresses}</p>
      ) : (
        <ul className="space-y-1.5" aria-label={t.shareAddresses}>
          {host.addresses.map((a) => (
            <li
              key={a.display}
              className="flex items-center gap-2 rounded-lg border border-line bg-raised py-1 pl-3 pr-1"
            >
              <span className="min-w-0 flex-1">
                <span className="block truncate font-mono text-[13px] text-fg">{a.display}</span>
                {!compact && <span className="block text-[10.5px] text-faint">{a.iface}</span>}
              </span>
              <CopyButton text={a.display} label={a.display} />
            </li>
          ))}
        </ul>
      )}
      {host.roomCode && <RoomCode code={host.roomCode} compact={compact} />}
      {!compact && (
        <div className="flex items-center gap-2">
          <Icon name="link" className="size-4 shrink-0 text-muted" />
          <span className="min-w-0 flex-1 truncate font-mono text-[11px] text-faint">{link}</span>
          <CopyButton text={link} label={t.copyRoomLink} visibleLabel={t.copyRoomLink} />
        </div>
      )}
      {!compact && <HostSelfCheck port={host.port} />}
      <Button
        variant="ghost"
        size="sm"
        icon="x"
        className="text-danger hover:text-danger"
        onClick={() => setConfirming(true)}
      >
        {t.stopHosting}
      </Button>
      {confirming && (
        <ConfirmDialog
          danger
          title={t.stopConfirmTitle}
          description={t.stopConfirmBody(people)}
          confirmLabel={t.stop}
          cancelLabel={t.cancel}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onStop();
          }}
        />
      )}
    </div>
  );
}
