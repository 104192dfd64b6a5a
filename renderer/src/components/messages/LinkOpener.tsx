import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useApi } from '../../app/app-context';
import { useT } from '../../i18n/i18n';
import { safeHttpUrl } from '../../lib/links';
import { ConfirmDialog } from '../ui/ConfirmDialog';

const OpenLinkContext = createContext<(url: string) => void>(() => {});

export function useOpenLink(): (url: string) => void {
  return useContext(OpenLinkContext);
}

/** Links from peers open only after the user confirms the full address, and only http(s). */
export function LinkOpenerProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const t = useT();
  const [pending, setPending] = useState<string | null>(null);
  const request = useCallback((url: string) => {
    const safe = safeHttpUrl(url);
    if (safe) setPending(safe);
  }, []);
  return (
    <OpenLinkContext.Provider value={request}>
      {children}
      {pending && (
        <ConfirmDialog
          title={t.openLinkTitle}
          description={t.openLinkBody}
          confirmLabel={t.open}
          cancelLabel={t.cancel}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            void api.invoke('link.open', { url: pending });
            setPending(null);
          }}
        >
          <p className="break-all rounded-lg border border-line bg-sidebar px-3 py-2 font-mono text-xs text-fg">
            {pending}
          </p>
        </ConfirmDialog>
      )}
    </OpenLinkContext.Provider>
  );
}
