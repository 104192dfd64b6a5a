/**
 * Which side column of the room is open over the conversation in a narrow window (the 1:1 pane, or the side column
 * with people, transfers or search), and the header toggles that open and close them. A 1:1 that starts (or that I
 * ask for) opens its pane and one that ends closes it; Transfers and Search open the side column.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppStore } from '../app/app-context';
import type { HeaderToggles } from '../components/room/RoomHeader';
import { useNarrow } from '../hooks/use-narrow';
import type { DmView, Panel } from '../store/model';

export const DM_PANE_ID = 'room-dm-pane';
export const SIDE_PANE_ID = 'room-side-pane';

export function useRoomLayout(store: AppStore, panel: Panel, dm: DmView | null | undefined) {
  const narrow = useNarrow();
  const [overlay, setOverlay] = useState<'none' | 'dm' | 'side'>('none');
  const dmKey = dm ? `${dm.peer} ${dm.state}` : '';
  useEffect(() => setOverlay((o) => (dmKey ? 'dm' : o === 'dm' ? 'none' : o)), [dmKey]);
  useEffect(() => {
    if (panel === 'transfers' || panel === 'search') setOverlay('side');
  }, [panel]);

  const closeSide = useCallback(() => {
    setOverlay('none');
    const open = store.getState().panel;
    if (open === 'transfers' || open === 'search') store.dispatchNow({ type: 'panel', panel: 'none' });
  }, [store]);
  const closeDm = useCallback(() => setOverlay('none'), []);

  const sideOpen = overlay === 'side';
  const togglePanel = (which: 'transfers' | 'search') =>
    panel === which && (!narrow || sideOpen) ? closeSide() : store.dispatchNow({ type: 'panel', panel: which });
  const toggles: HeaderToggles = {
    ...(dm
      ? {
          dm: {
            peer: dm.peer,
            open: overlay === 'dm',
            unread: dm.unread,
            controls: DM_PANE_ID,
            onToggle: () => setOverlay((o) => (o === 'dm' ? 'none' : 'dm')),
          },
        }
      : {}),
    people: {
      open: sideOpen && panel !== 'transfers' && panel !== 'search',
      controls: SIDE_PANE_ID,
      onToggle: () => {
        if (sideOpen && panel === 'none') setOverlay('none');
        else {
          store.dispatchNow({ type: 'panel', panel: 'none' });
          setOverlay('side');
        }
      },
    },
  };
  return { narrow, dmOpen: overlay === 'dm', sideOpen, closeSide, closeDm, togglePanel, toggles };
}
