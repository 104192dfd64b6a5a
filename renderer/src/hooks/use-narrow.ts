/** Whether the window is at most a given width: by default narrower than the room's three columns need. */
import { useEffect, useState } from 'react';

/** Below this width the people list and the 1:1 pane open over the conversation instead of beside it. */
export const NARROW_MAX_PX = 1099;
/** Below Tailwind's `md` (768 px) the home screen is one column. */
export const HOME_ONE_COLUMN_MAX_PX = 767;

const query = (maxPx: number): string => `(max-width: ${maxPx}px)`;
const matches = (maxPx: number): boolean =>
  typeof window.matchMedia === 'function' && window.matchMedia(query(maxPx)).matches;

/** True while the window is at most `maxPx` wide (default: the room's overlay threshold). */
export function useNarrow(maxPx = NARROW_MAX_PX): boolean {
  const [narrow, setNarrow] = useState(() => matches(maxPx));
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const list = window.matchMedia(query(maxPx));
    const update = () => setNarrow(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [maxPx]);
  return narrow;
}
