/** The live list of rooms on this network while the home screen is shown: starts browsing on mount, stops on unmount. */
import { useCallback, useEffect, useState } from 'react';
import type { RoomsFound, SarangbangApi } from '@contract/ipc-contract';

export function useNearbyRooms(api: SarangbangApi): { found: RoomsFound | null; searchAgain: () => void } {
  const [found, setFound] = useState<RoomsFound | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('rooms', (next) => {
      if (live) setFound(next);
    });
    void api.invoke('discovery.start').then((reply) => {
      if (live && reply.ok) setFound((current) => current ?? reply.result);
    });
    return () => {
      live = false;
      off();
      void api.invoke('discovery.stop');
    };
  }, [api]);
  const searchAgain = useCallback(() => {
    setFound((current) => (current ? { ...current, searching: true } : current));
    void api.invoke('discovery.search').then((reply) => {
      if (reply.ok) setFound(reply.result);
    });
  }, [api]);
  return { found, searchAgain };
}
