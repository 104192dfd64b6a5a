import { useSyncExternalStore } from 'react';

/**
 * A minimal external store. Actions are queued and applied together once per animation frame, so a burst of
 * thousands of incoming events costs one React render per frame and the composer stays responsive.
 */
export type Reducer<S, A> = (state: S, action: A) => S;
export type Scheduler = (flush: () => void) => void;

export const frameScheduler: Scheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else setTimeout(flush, 16);
};

export interface Store<S, A> {
  getState(): S;
  /** Queue an action; applied on the next frame. */
  dispatch(action: A): void;
  /** Apply an action now (user-initiated changes that must show at once, e.g. opening a dialog). */
  dispatchNow(action: A): void;
  /** Apply everything queued now. */
  flush(): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S, A>(
  reducer: Reducer<S, A>,
  initial: S,
  schedule: Scheduler = frameScheduler,
): Store<S, A> {
  let state = initial;
  let queue: A[] = [];
  let scheduled = false;
  const listeners = new Set<() => void>();

  const emit = (): void => {
    for (const listener of [...listeners]) listener();
  };

  const flush = (): void => {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const before = state;
    for (const action of batch) state = reducer(state, action);
    if (state !== before) emit();
  };

  return {
    getState: () => state,
    dispatch(action) {
      queue.push(action);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    dispatchNow(action) {
      flush();
      const before = state;
      state = reducer(state, action);
      if (state !== before) emit();
    },
    flush,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStoreSelector<S, A, T>(store: Store<S, A>, select: (state: S) => T): T {
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getState()),
    () => select(store.getState()),
  );
}
