import type { ConnectionSecurity } from '@contract/ipc-contract';
import type { Dictionary } from '../../i18n/en';
import { useT } from '../../i18n/i18n';
import { Icon } from '../ui/Icon';

/** The sentence for how the room connection is protected. */
export function securityText(t: Dictionary, security: ConnectionSecurity): string {
  if (!security.encrypted) return t.secNone;
  switch (security.verified) {
    case 'code':
      return t.secVerified;
    case 'pinned':
      return t.secPinned;
    case 'first-use':
      return t.secFirstUse;
    default:
      return t.secEncrypted;
  }
}

/**
 * The room header's lock: encrypted (and how the room's identity was checked) or not, with the room code in its
 * tooltip. The words hide on narrow windows; the icon keeps them as its accessible name.
 */
export function SecurityBadge({ security }: { security: ConnectionSecurity | undefined }) {
  const t = useT();
  if (!security) return null;
  const text = securityText(t, security);
  const code = security.hostCode ? t.secRoomCode(security.hostCode) : undefined;
  const tone = !security.encrypted
    ? 'border-danger/30 bg-danger-soft text-danger'
    : security.verified === 'first-use'
      ? 'border-warn/30 bg-warn-soft text-warn'
      : 'border-ok/30 bg-ok-soft text-ok';
  return (
    <span
      role="img"
      aria-label={code ? `${text}. ${code}` : text}
      title={code ? `${text}\n${code}` : text}
      className={`inline-flex h-7 max-w-md min-w-0 items-center gap-1.5 rounded-full border px-2.5 text-xs font-medium ${tone}`}
    >
      <Icon name={security.encrypted ? 'lock' : 'unlock'} className="size-3.5 shrink-0" />
      <span className="hidden truncate xl:inline" aria-hidden="true">
        {text}
      </span>
    </span>
  );
}
