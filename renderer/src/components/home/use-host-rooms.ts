/**
 * The rooms of the host typed in the join form: asked (`discovery.rooms`) once the address has stood still for a
 * moment, or at once when it is filled in from outside; an answer for an address no longer typed is dropped.
 */
import { useEffect, useState } from 'react';
import type { HostRooms, SarangbangApi } from '@contract/ipc-contract';
import { parseAddress } from '../../lib/address';

/** How long the address must stand still before the host is asked (typing "192.168.0.1" passes through "192.168.0"). */
export const LOOKUP_DELAY_MS = 600;

export interface HostRoomsState {
  /** The host's rooms; null when it has one room, did not answer, or nothing is typed. */
  rooms: HostRooms | null;
  /** Asking now. */
  looking: boolean;
}

export function useHostRooms(api: SarangbangApi, addressText: string, immediate: boolean): HostRoomsState {
  const [state, setState] = useState<HostRoomsState>({ rooms: null, looking: false });
  useEffect(() => {
    const target = parseAddress(addressText);
    setState({ rooms: null, looking: false });
    if (!target) return;
    let live = true;
    const timer = setTimeout(
      () => {
        setState({ rooms: null, looking: true });
        void api.invoke('discovery.rooms', target).then((reply) => {
          if (live) setState({ rooms: reply.ok ? reply.result : null, looking: false });
        });
      },
      immediate ? 0 : LOOKUP_DELAY_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `immediate` only changes how soon a new address is asked, never asks again by itself.
  }, [api, addressText]);
  return state;
}
