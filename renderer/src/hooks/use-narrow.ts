/** Whether the window is narrower than the room's three-column layout needs (side panels become overlays). */
import { useEffect, useState } from 'react';

/** Below this width the people list and the 1:1 pane open over the conversation instead of beside it. */
export const NARROW_MAX_PX = 1099;
const QUERY = `(max-width: ${NARROW_MAX_PX}px)`;

const matches = (): boolean => typeof window.matchMedia === 'function' && window.matchMedia(QUERY).matches;

export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const list = window.matchMedia(QUERY);
    const update = () => setNarrow(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return narrow;
}
