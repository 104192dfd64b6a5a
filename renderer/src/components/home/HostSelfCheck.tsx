import { useEffect, useState } from 'react';
import type { HostSelfCheck as SelfCheck } from '@contract/ipc-contract';
import { useApi } from '../../app/app-context';
import { useT } from '../../i18n/i18n';
import { Icon, type IconName } from '../ui/Icon';

/** How often the panel asks again (visitors, interfaces that came and went). */
const REFRESH_MS = 3000;
/** With no visitor after this long, say what to check (firewall, network). */
const QUIET_MS = 60_000;

type Tone = 'ok' | 'warn' | 'muted';

function Line({ tone, icon, children }: { tone: Tone; icon: IconName; children: React.ReactNode }) {
  const colour = tone === 'ok' ? 'text-ok' : tone === 'warn' ? 'text-warn' : 'text-muted';
  return (
    <li className="flex items-start gap-2">
      <Icon name={icon} className={`mt-0.5 size-3.5 shrink-0 ${colour}`} />
      <span className="min-w-0 break-words">{children}</span>
    </li>
  );
}

/**
 * The hosting panel's network self-check: where the room listens, whether and where it is announced, the Windows
 * Firewall rule, and whether anyone from another computer reached it (with what to check when nobody has).
 */
export function HostSelfCheck({ port, now = Date.now }: { port: number; now?: () => number }) {
  const api = useApi();
  const t = useT();
  const [check, setCheck] = useState<SelfCheck | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void api.invoke('host.selfCheck').then((reply) => {
        if (live && reply.ok) setCheck(reply.result);
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  if (!check) return null;
  const loopback = /^(127\.|::1$|localhost$)/.test(check.listenHost);
  const quiet = check.remoteConnections === 0 && now() - check.startedAt > QUIET_MS;
  return (
    <section aria-labelledby="self-check-heading" className="rounded-lg border border-line px-3 py-2.5">
      <h3 id="self-check-heading" className="mb-1.5 text-[11px] font-semibold uppercase tracking-wider text-muted">
        {t.selfCheckTitle}
      </h3>
      <ul className="space-y-1 text-xs text-fg">
        <Line tone={loopback ? 'warn' : 'ok'} icon="server">
          {t.selfCheckListening}{' '}
          {loopback
            ? t.selfCheckLoopback
            : check.listenHost === '0.0.0.0' || check.listenHost === '::'
              ? t.selfCheckAllInterfaces
              : check.listenHost}
          {check.addresses.length > 0 && (
            <span className="text-muted"> ({[...new Set(check.addresses.map((a) => a.iface))].join(', ')})</span>
          )}
        </Line>
        <Line tone={check.announced ? 'ok' : 'muted'} icon="wifi">
          {check.announced
            ? t.selfCheckAnnounced(check.announcedOn.join(', '))
            : t[`selfCheckNotAnnounced_${check.notAnnouncedReason ?? 'failed'}`]}
        </Line>
        {check.firewall !== 'n/a' && (
          <Line tone={check.firewall === 'allowed' ? 'ok' : 'warn'} icon="shield">
            {t[`selfCheckFirewall_${check.firewall}`]}
          </Line>
        )}
        <Line tone={check.remoteConnections > 0 ? 'ok' : quiet ? 'warn' : 'muted'} icon="users">
          {t.selfCheckVisitors(check.remoteConnections)}
        </Line>
      </ul>
      {quiet && <p className="mt-2 text-xs text-muted">{t.selfCheckNoVisitorsHelp(port)}</p>}
    </section>
  );
}
