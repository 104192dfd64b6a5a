import { createContext, useContext } from 'react';
import type { SarangbangApi } from '@contract/ipc-contract';
import type { Action } from '../store/actions';
import type { AppState } from '../store/model';
import { useStoreSelector, type Store } from '../store/store';

export type AppStore = Store<AppState, Action>;

export interface AppServices {
  api: SarangbangApi;
  store: AppStore;
}

export const AppContext = createContext<AppServices | null>(null);

function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext missing');
  return services;
}

export function useApi(): SarangbangApi {
  return useServices().api;
}

export function useStore(): AppStore {
  return useServices().store;
}

/** Subscribe to one slice of the state; `select` must return a value already in the state (no new objects). */
export function useAppState<T>(select: (state: AppState) => T): T {
  return useStoreSelector(useServices().store, select);
}
