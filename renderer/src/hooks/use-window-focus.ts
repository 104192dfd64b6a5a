/** Whether the window is focused and visible (someone is looking at it), kept up to date. */
import { useEffect, useState } from 'react';

const looking = (): boolean => document.visibilityState !== 'hidden' && document.hasFocus();

export function useWindowFocused(): boolean {
  const [focused, setFocused] = useState(looking);
  useEffect(() => {
    const update = () => setFocused(looking());
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  return focused;
}
