import { describe, expect, it } from 'vitest';
import { ProgressMeter, type ProgressReport } from './progress.js';

describe('ProgressMeter', () => {
  it('reports at most once per interval, with percent, speed and ETA, and always at flush', () => {
    let now = 0;
    const reports: ProgressReport[] = [];
    const meter = new ProgressMeter(10_000, 0, (r) => reports.push(r), 100, () => now);
    for (let i = 0; i < 50; i++) {
      now += 10; // 50 chunks of 100 bytes, one every 10 ms: 10,000 bytes/s
      meter.add(100);
    }
    expect(reports).toHaveLength(5); // 500 ms at one report per 100 ms, not 50
    const last = reports.at(-1)!;
    expect(last).toMatchObject({ bytes: 5000, size: 10_000, percent: 50 });
    expect(last.bytesPerSecond).toBe(10_000);
    expect(last.etaSeconds).toBe(1);
    meter.flush();
    expect(reports).toHaveLength(6);
  });

  it('starts a resumed transfer at its offset and handles sizes beyond 4 GiB exactly', () => {
    let now = 0;
    const reports: ProgressReport[] = [];
    const size = 5 * 2 ** 30 + 7;
    const meter = new ProgressMeter(size, 2 ** 32, (r) => reports.push(r), 100, () => now);
    now = 1000;
    meter.add(2 ** 30);
    expect(reports[0]).toMatchObject({ bytes: 2 ** 32 + 2 ** 30, size, percent: 99.9 });
    expect(reports[0]!.etaSeconds).toBe(1);
  });
});
