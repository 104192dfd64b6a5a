import { useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '@contract/ipc-contract';
import { useApi, useStore } from '../app/app-context';
import { errorText } from '../app/error-text';
import { LanguagePicker, ThemePicker } from '../components/settings/PreferenceControls';
import { Button } from '../components/ui/Button';
import { Field } from '../components/ui/Field';
import { Logo } from '../components/ui/Logo';
import { defaultLanguage, useT } from '../i18n/i18n';

/** Nickname, language and theme, once. Language and theme apply at once so the user sees the choice. */
export function FirstRun({ settings, locale }: { settings: Settings; locale: string }) {
  const api = useApi();
  const store = useStore();
  const t = useT();
  const [nick, setNick] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = async (patch: SettingsPatch) => {
    const reply = await api.invoke('settings.update', patch);
    if (reply.ok) store.dispatchNow({ type: 'settings', settings: reply.result });
    return reply;
  };

  useEffect(() => {
    const preferred = defaultLanguage(locale);
    if (preferred !== settings.language) void update({ language: preferred });
  }, []); // once, on first show

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const name = nick.trim();
    if (!name) return;
    setBusy(true);
    const reply = await update({ nickname: name });
    setBusy(false);
    if (!reply.ok) setError(errorText(t, reply.error, name));
  };

  return (
    <main className="flex h-full items-center justify-center overflow-y-auto bg-app p-6">
      <div className="w-full max-w-md">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="size-14" />
          <h1 className="mt-5 text-2xl font-semibold tracking-tight text-fg">{t.welcomeTitle}</h1>
          <p className="mt-2 max-w-sm text-[15px] text-muted">{t.welcomeBody}</p>
        </div>
        <form onSubmit={submit} className="space-y-6 rounded-2xl border border-line bg-panel p-7 shadow-card">
          <Field
            label={t.nickname}
            hint={t.nicknameHint}
            error={error ?? undefined}
            value={nick}
            autoFocus
            maxLength={64}
            autoComplete="nickname"
            onChange={(e) => {
              setNick(e.target.value);
              setError(null);
            }}
          />
          <div className="flex flex-col gap-2">
            <span className="text-[13px] font-medium text-fg">{t.language}</span>
            <LanguagePicker fill value={settings.language} onChange={(language) => void update({ language })} />
          </div>
          <div className="flex flex-col gap-2">
            <span className="text-[13px] font-medium text-fg">{t.theme}</span>
            <ThemePicker fill value={settings.theme} onChange={(theme) => void update({ theme })} />
          </div>
          <Button type="submit" variant="primary" size="lg" className="w-full" disabled={!nick.trim() || busy}>
            {t.getStarted}
          </Button>
        </form>
      </div>
    </main>
  );
}
