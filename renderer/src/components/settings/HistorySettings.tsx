/**
 * Settings → History: how long conversations are kept on this device (forever, 30 days, off: which also deletes
 * what is kept, so it asks first), and "Clear history…" after a confirmation.
 */
import { useState } from 'react';
import type { HistoryRetention } from '@contract/ipc-contract';
import { useApi, useStore } from '../../app/app-context';
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Segmented } from '../ui/Segmented';

export function HistorySettings({
  retention,
  onRetention,
}: {
  retention: HistoryRetention;
  onRetention: (retention: HistoryRetention) => Promise<boolean>;
}) {
  const t = useT();
  const api = useApi();
  const store = useStore();
  const [asking, setAsking] = useState<'off' | 'clear' | null>(null);
  const [cleared, setCleared] = useState(false);

  const choose = (next: HistoryRetention) => {
    setCleared(false);
    if (next === 'off' && retention !== 'off') setAsking('off');
    else void onRetention(next);
  };

  const confirm = async () => {
    const what = asking;
    setAsking(null);
    if (what === 'off') {
      if (await onRetention('off')) store.dispatchNow({ type: 'history-cleared' });
      return;
    }
    const reply = await api.invoke('history.clear', {});
    if (!reply.ok) return;
    store.dispatchNow({ type: 'history-cleared' });
    setCleared(true);
  };

  return (
    <>
      <div className="flex items-center justify-between gap-4">
        <span className="text-sm font-medium text-fg">{t.keepConversations}</span>
        <Segmented
          label={t.keepConversations}
          value={retention}
          onChange={choose}
          options={[
            { value: 'forever', label: t.keepForever },
            { value: '30d', label: t.keep30d },
            { value: 'off', label: t.keepOff },
          ]}
        />
      </div>
      <p className="-mt-2 text-xs text-muted">{t.keepHint}</p>
      <div className="flex items-center gap-3">
        <Button variant="secondary" icon="x" onClick={() => setAsking('clear')}>
          {t.clearHistory}
        </Button>
        {cleared && (
          <p role="status" className="text-xs text-ok">
            {t.historyCleared}
          </p>
        )}
      </div>
      {asking && (
        <ConfirmDialog
          danger
          title={asking === 'off' ? t.keepOffTitle : t.clearHistoryTitle}
          description={asking === 'off' ? t.keepOffBody : t.clearHistoryBody}
          confirmLabel={asking === 'off' ? t.keepOffConfirm : t.clearHistoryConfirm}
          cancelLabel={t.cancel}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}
