import { useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '@contract/ipc-contract';
import { useApi, useStore } from '../../app/app-context';
import { errorText } from '../../app/error-text';
import { useT } from '../../i18n/i18n';
import { RoomCode } from '../home/RoomCode';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { Switch } from '../ui/Switch';
import { HistorySettings } from './HistorySettings';
import { LanguagePicker, ThemePicker } from './PreferenceControls';

/** An IPv4 subnet from /16 to /32 (main checks it again: settings-store.ts SUBNET_PATTERN). */
const SUBNET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(1[6-9]|2\d|3[0-2])$/;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-4 border-t border-line pt-5 first:border-t-0 first:pt-0">
      <h3 className="text-[11px] font-semibold uppercase tracking-wider text-muted">{title}</h3>
      {children}
    </section>
  );
}

/** Preferences. Toggles and pickers apply at once; nickname and port apply with Save. */
export function SettingsDialog({ settings, onClose }: { settings: Settings; onClose: () => void }) {
  const api = useApi();
  const store = useStore();
  const t = useT();
  const [nick, setNick] = useState(settings.nickname);
  const [port, setPort] = useState(String(settings.hostPort));
  const [subnets, setSubnets] = useState(settings.discoverySubnets.join(', '));
  const [error, setError] = useState<{ field: 'nick' | 'port' | 'subnets'; text: string } | null>(null);
  const [keyCode, setKeyCode] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('identity.get').then((reply) => {
      if (live && reply.ok && reply.result) setKeyCode(reply.result.keyCode);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const update = async (patch: SettingsPatch): Promise<boolean> => {
    const reply = await api.invoke('settings.update', patch);
    if (reply.ok) store.dispatchNow({ type: 'settings', settings: reply.result });
    else if ('discoverySubnets' in patch && reply.error.code === 'bad_payload')
      setError({ field: 'subnets', text: t.err_bad_subnets });
    else
      setError({ field: 'nickname' in patch ? 'nick' : 'port', text: errorText(t, reply.error, patch.nickname ?? '') });
    return reply.ok;
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      setError({ field: 'port', text: t.err_bad_port });
      return;
    }
    const subnetList = subnets
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (subnetList.length > 16 || subnetList.some((s) => !SUBNET.test(s))) {
      setError({ field: 'subnets', text: t.err_bad_subnets });
      return;
    }
    const patch: SettingsPatch = {};
    if (nick.trim() !== settings.nickname) patch.nickname = nick.trim();
    if (portNumber !== settings.hostPort) patch.hostPort = portNumber;
    if (subnetList.join(',') !== settings.discoverySubnets.join(',')) patch.discoverySubnets = subnetList;
    if (Object.keys(patch).length === 0 || (await update(patch))) onClose();
  };

  return (
    <Dialog title={t.settingsTitle} onClose={onClose} width="lg">
      <form onSubmit={save} className="space-y-6" noValidate>
        <Section title={t.general}>
          <Field
            label={t.nickname}
            hint={t.nicknameHint}
            value={nick}
            maxLength={64}
            error={error?.field === 'nick' ? error.text : undefined}
            onChange={(e) => setNick(e.target.value)}
          />
          <div className="flex items-center justify-between gap-4">
            <span className="text-sm font-medium text-fg">{t.language}</span>
            <LanguagePicker value={settings.language} onChange={(language) => void update({ language })} />
          </div>
        </Section>
        <Section title={t.appearance}>
          <div className="flex items-center justify-between gap-4">
            <span className="text-sm font-medium text-fg">{t.theme}</span>
            <ThemePicker value={settings.theme} onChange={(theme) => void update({ theme })} />
          </div>
        </Section>
        <Section title={t.files}>
          <div className="flex items-end gap-2">
            <div className="min-w-0 flex-1">
              <p className="text-[13px] font-medium text-fg">{t.downloadFolder}</p>
              <p
                className="mt-1.5 truncate rounded-lg border border-line bg-sidebar px-3 py-2 font-mono text-xs text-muted"
                title={settings.downloadDir}
              >
                {settings.downloadDir || '—'}
              </p>
            </div>
            <Button
              icon="folder"
              onClick={async () => {
                const reply = await api.invoke('settings.chooseDownloadDir');
                if (reply.ok) store.dispatchNow({ type: 'settings', settings: reply.result });
              }}
            >
              {t.change}
            </Button>
          </div>
          <Switch
            label={t.askWhereToSave}
            checked={settings.askWhereToSave}
            onChange={(askWhereToSave) => void update({ askWhereToSave })}
          />
          <Switch
            label={t.notifications}
            hint={t.notificationsHint}
            checked={settings.notifications}
            onChange={(notifications) => void update({ notifications })}
          />
        </Section>
        <Section title={t.history}>
          <HistorySettings
            retention={settings.historyRetention}
            onRetention={(historyRetention) => update({ historyRetention })}
          />
        </Section>
        <Section title={t.network}>
          <Field
            label={t.hostPort}
            type="number"
            min={1}
            max={65535}
            value={port}
            error={error?.field === 'port' ? error.text : undefined}
            onChange={(e) => setPort(e.target.value)}
          />
          <Field
            label={t.discoverySubnets}
            optional={t.optional}
            hint={t.discoverySubnetsHint}
            placeholder="10.20.0.0/24"
            value={subnets}
            spellCheck={false}
            autoCapitalize="off"
            error={error?.field === 'subnets' ? error.text : undefined}
            onChange={(e) => setSubnets(e.target.value)}
          />
        </Section>
        {keyCode && (
          <Section title={t.security}>
            <RoomCode code={keyCode} label={t.yourKey} hint={t.yourKeyHint} />
          </Section>
        )}
        <div className="flex justify-end gap-2 border-t border-line pt-5">
          <Button onClick={onClose}>{t.cancel}</Button>
          <Button type="submit" variant="primary">
            {t.save}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
