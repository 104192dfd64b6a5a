import { useState } from 'react';
import type { AppError, HostOptions } from '@contract/ipc-contract';
import { errorText } from '../../app/error-text';
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';

/** Port, max users, messages kept for late joiners, optional password and banned words. `onHost` resolves with an error to show, or null. */
export function HostForm({
  defaultPort,
  defaultRoomName,
  onHost,
}: {
  defaultPort: number;
  defaultRoomName: string;
  onHost: (options: HostOptions) => Promise<AppError | null>;
}) {
  const t = useT();
  const [port, setPort] = useState(String(defaultPort));
  const [maxUsers, setMaxUsers] = useState('20');
  const [roomName, setRoomName] = useState(defaultRoomName);
  const [password, setPassword] = useState('');
  const [banned, setBanned] = useState('');
  const [history, setHistory] = useState('1000');
  const [announce, setAnnounce] = useState(true);
  const [error, setError] = useState<{ field: 'port' | 'max' | 'history' | 'form'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const portNumber = Number(port);
    const max = Number(maxUsers);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535)
      return setError({ field: 'port', text: t.err_bad_port });
    if (!Number.isInteger(max) || max < 2 || max > 1000) return setError({ field: 'max', text: t.err_bad_max_users });
    const kept = Number(history);
    if (history.trim() === '' || !Number.isInteger(kept) || kept < 0 || kept > 100_000)
      return setError({ field: 'history', text: t.err_bad_history });
    setError(null);
    setBusy(true);
    const bannedWords = banned
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    const options: HostOptions = { port: portNumber, maxUsers: max, history: kept, announce };
    if (roomName.trim()) options.roomName = roomName.trim();
    if (password) options.password = password;
    if (bannedWords.length > 0) options.bannedWords = bannedWords;
    const failure = await onHost(options);
    setBusy(false);
    if (failure) setError({ field: failure.code.startsWith('port') ? 'port' : 'form', text: errorText(t, failure) });
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label={t.hostTitle} noValidate>
      <Field label={t.roomName} value={roomName} maxLength={64} onChange={(e) => setRoomName(e.target.value)} />
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t.port}
          type="number"
          min={1}
          max={65535}
          value={port}
          error={error?.field === 'port' ? error.text : undefined}
          onChange={(e) => setPort(e.target.value)}
        />
        <Field
          label={t.maxUsers}
          type="number"
          min={2}
          max={1000}
          value={maxUsers}
          error={error?.field === 'max' ? error.text : undefined}
          onChange={(e) => setMaxUsers(e.target.value)}
        />
      </div>
      <Field
        label={t.historyKept}
        hint={t.historyKeptHint}
        type="number"
        min={0}
        max={100000}
        value={history}
        error={error?.field === 'history' ? error.text : undefined}
        onChange={(e) => setHistory(e.target.value)}
      />
      <Field
        label={t.password}
        optional={t.optional}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Field
        label={t.bannedWords}
        optional={t.optional}
        hint={t.bannedWordsHint}
        value={banned}
        onChange={(e) => setBanned(e.target.value)}
      />
      <div className="flex items-start gap-2.5">
        <input
          id="host-announce"
          type="checkbox"
          checked={announce}
          onChange={(e) => setAnnounce(e.target.checked)}
          aria-describedby="host-announce-hint"
          className="mt-0.5 size-4 shrink-0 accent-accent"
        />
        <div className="min-w-0">
          <label htmlFor="host-announce" className="block text-sm font-medium text-fg">
            {t.announce}
          </label>
          <p id="host-announce-hint" className="text-xs text-muted">
            {t.announceHint}
          </p>
        </div>
      </div>
      {error?.field === 'form' && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error.text}
        </p>
      )}
      <Button type="submit" variant="primary" size="lg" icon="server" className="w-full" disabled={busy}>
        {busy ? t.starting : t.startHosting}
      </Button>
    </form>
  );
}
