import { describe, expect, it } from 'vitest';
import { createStore } from './store';

type Action = { type: 'add'; n: number };
const reducer = (state: number, action: Action) => state + action.n;

describe('store', () => {
  it('applies a burst of actions in one batch and notifies once per frame', () => {
    const frames: (() => void)[] = [];
    const store = createStore(reducer, 0, (flush) => frames.push(flush));
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 1000; i++) store.dispatch({ type: 'add', n: 1 });
    expect(store.getState()).toBe(0);
    expect(frames).toHaveLength(1);
    frames[0]!();
    expect(store.getState()).toBe(1000);
    expect(notified).toBe(1);
  });

  it('dispatchNow applies queued actions first, in order, then the new one', () => {
    const frames: (() => void)[] = [];
    const seen: number[] = [];
    const store = createStore(
      (s: number[], a: Action) => [...s, a.n],
      [] as number[],
      (flush) => frames.push(flush),
    );
    store.subscribe(() => seen.push(store.getState().length));
    store.dispatch({ type: 'add', n: 1 });
    store.dispatchNow({ type: 'add', n: 2 });
    expect(store.getState()).toEqual([1, 2]);
    frames[0]!(); // the stale frame finds nothing left to do
    expect(store.getState()).toEqual([1, 2]);
  });

  it('does not notify when nothing changed', () => {
    const store = createStore(
      (s: number) => s,
      5,
      (flush) => flush(),
    );
    let notified = 0;
    store.subscribe(() => notified++);
    store.dispatch({ type: 'add', n: 0 } as never);
    expect(notified).toBe(0);
  });
});
