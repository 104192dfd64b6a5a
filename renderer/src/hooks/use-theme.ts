import { useEffect } from 'react';
import type { Theme } from '@contract/ipc-contract';

/** Sets data-theme on <html> from the user's choice, following the OS while the choice is "system". */
export function useTheme(choice: Theme | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = choice === 'dark' || (choice !== 'light' && media?.matches === true);
      root.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    media?.addEventListener('change', apply);
    return () => media?.removeEventListener('change', apply);
  }, [choice]);
}
