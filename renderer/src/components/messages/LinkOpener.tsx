import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useApi } from '../../app/app-context';
import { safeHttpUrl } from '../../lib/links';

const OpenLinkContext = createContext<(url: string) => void>(() => {});

export function useOpenLink(): (url: string) => void {
  return useContext(OpenLinkContext);
}

/**
 * Links from peers go to the main process, http(s) only. Main asks before anything opens: a native dialog showing
 * the full address, default Cancel (electron/native-prompts.ts), which page script can neither skip nor answer. The
 * page does not ask as well, so the user is asked once.
 */
export function LinkOpenerProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const request = useCallback(
    (url: string) => {
      const safe = safeHttpUrl(url);
      if (safe) void api.invoke('link.open', { url: safe });
    },
    [api],
  );
  return <OpenLinkContext.Provider value={request}>{children}</OpenLinkContext.Provider>;
}
