import type { UserInfo } from '@contract/ipc-contract';
import type { Dictionary } from '../../i18n/en';
import { useT } from '../../i18n/i18n';

/** The markers a member carries: a connection without encryption, a nickname held by another key than last time. */
export function memberBadgeText(t: Dictionary, user: UserInfo): string[] {
  return [...(user.secure === false ? [t.badgeUnencrypted] : []), ...(user.newDevice ? [t.badgeNewDevice] : [])];
}

/** The markers as small labels, each with a tooltip saying what it means. */
export function MemberBadges({ user }: { user: UserInfo }) {
  const t = useT();
  if (user.secure !== false && !user.newDevice) return null;
  const badge = 'rounded px-1.5 py-px text-[10.5px] font-semibold leading-4';
  return (
    <span className="mt-0.5 flex flex-wrap gap-1" aria-hidden="true">
      {user.secure === false && (
        <span className={`${badge} bg-danger-soft text-danger`} title={t.badgeUnencryptedHint}>
          {t.badgeUnencrypted}
        </span>
      )}
      {user.newDevice && (
        <span className={`${badge} bg-warn-soft text-warn`} title={t.badgeNewDeviceHint}>
          {t.badgeNewDevice}
        </span>
      )}
    </span>
  );
}
