import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GROWTH_INTERVAL_MS, THROTTLE_FROM, useThrottledCount } from './use-throttled-count';

describe('useThrottledCount (rows the message list shows)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows every new row at once in a conversation of ordinary length', () => {
    const { result, rerender } = renderHook(({ n }) => useThrottledCount(n), { initialProps: { n: 10 } });
    rerender({ n: 11 });
    rerender({ n: 12 });
    expect(result.current).toBe(12);
  });

  it('in a very long conversation growing fast, shows new rows within one interval and never loses the last', () => {
    const big = THROTTLE_FROM + 100;
    const { result, rerender } = renderHook(({ n }) => useThrottledCount(n), { initialProps: { n: big } });
    rerender({ n: big + 1 });
    expect(result.current).toBe(big + 1); // the first new row after a quiet spell shows at once
    rerender({ n: big + 2 });
    rerender({ n: big + 3 });
    expect(result.current).toBe(big + 1); // the rest of the burst waits for the next interval…
    act(() => vi.advanceTimersByTime(GROWTH_INTERVAL_MS));
    expect(result.current).toBe(big + 3); // …and then shows, without another message needed
  });

  it('follows a shrinking log (old rows trimmed, or another conversation) at once', () => {
    const big = THROTTLE_FROM + 100;
    const { result, rerender } = renderHook(({ n }) => useThrottledCount(n), { initialProps: { n: big } });
    rerender({ n: 3 });
    expect(result.current).toBe(3);
  });
});
