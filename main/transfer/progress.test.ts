import { describe, expect, it } from 'vitest';
import { ProgressMeter, type ProgressReport } from './progress.js';

describe('ProgressMeter', () => {
  it('reports at most once per interval, with percent, speed and ETA, and always at flush', () => {
    let now = 0;
    const reports: ProgressReport[] = [];
    const meter = new ProgressMeter(
      30_000,
      0,
      (r) => reports.push(r),
      100,
      () => now,
    );
    for (let i = 0; i < 150; i++) {
      now += 10; // 150 chunks of 100 bytes, one every 10 ms: 10,000 bytes/s
      meter.add(100);
    }
    expect(reports).toHaveLength(15); // 1.5 s at one report per 100 ms, not 150
    const last = reports.at(-1)!;
    expect(last).toMatchObject({ bytes: 15_000, size: 30_000, percent: 50 });
    expect(last.bytesPerSecond).toBe(10_000);
    expect(last.etaSeconds).toBe(2);
    meter.flush();
    expect(reports).toHaveLength(16);
  });

  it('reports no speed during the first second, so filling socket buffers does not show as link speed', () => {
    let now = 0;
    const reports: ProgressReport[] = [];
    const meter = new ProgressMeter(
      100_000_000,
      0,
      (r) => reports.push(r),
      100,
      () => now,
    );
    now = 100;
    meter.add(8_000_000); // the kernel swallows 8 MB at once
    for (let i = 0; i < 20; i++) {
      now += 100;
      meter.add(100_000); // then the link really carries 1 MB/s
    }
    const early = reports.filter((r) => r.bytes < 8_900_000); // before one second has passed
    expect(early.every((r) => r.bytesPerSecond === 0 && r.etaSeconds === undefined)).toBe(true);
    expect(reports.at(-1)!.bytesPerSecond).toBe(1_000_000);
  });

  it('starts a resumed transfer at its offset and handles sizes beyond 4 GiB exactly', () => {
    let now = 0;
    const reports: ProgressReport[] = [];
    const size = 5 * 2 ** 30 + 7;
    const meter = new ProgressMeter(
      size,
      2 ** 32,
      (r) => reports.push(r),
      100,
      () => now,
    );
    now = 1000;
    meter.add(2 ** 30);
    expect(reports[0]).toMatchObject({ bytes: 2 ** 32 + 2 ** 30, size, percent: 99.9 });
    expect(reports[0]!.etaSeconds).toBe(1);
  });

  it('reports the last count one interval later when no more bytes come (a stalled transfer)', async () => {
    const reports: ProgressReport[] = [];
    const meter = new ProgressMeter(10_000, 0, (r) => reports.push(r), 20);
    await new Promise((resolve) => setTimeout(resolve, 30));
    meter.add(1_000); // reported at once: an interval has passed
    meter.add(2_000); // held back (within the interval)...
    expect(reports.map((r) => r.bytes)).toEqual([1_000]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reports.map((r) => r.bytes)).toEqual([1_000, 3_000]); // ...but not for good
  });
});
