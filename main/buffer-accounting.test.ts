/** Buffers counted by what they hold: set below V8 14.8 only, and what it spares a process that opens file records. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  accountBuffersByWhatTheyHold,
  BUFFER_ACCOUNTING_FLAG,
  needsBufferAccountingFlag,
} from './buffer-accounting.js';

const MODULE = fileURLToPath(new URL('./buffer-accounting.ts', import.meta.url));

/**
 * A process holding a heap of 200,000 small objects opens 512 MiB of AES-256-GCM records of 64 KiB (a fresh
 * plaintext buffer each, as a receiver does) and prints how many full mark-compacts that took.
 */
const RECEIVER = (ask: boolean): string => `
  import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
  import { PerformanceObserver, constants } from 'node:perf_hooks';
  import { accountBuffersByWhatTheyHold } from ${JSON.stringify(MODULE)};
  if (${ask}) accountBuffersByWhatTheyHold();
  let major = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
  }).observe({ entryTypes: ['gc'] });
  const kept = Array.from({ length: 200000 }, (_, i) => ({ name: 'member ' + i, seen: [i] }));
  const key = randomBytes(32), iv = Buffer.alloc(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = cipher.update(randomBytes(65536));
  cipher.final();
  const tag = cipher.getAuthTag();
  for (let i = 0; i < 8192; i++) {
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAuthTag(tag);
    decipher.update(sealed);
    decipher.final();
    if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  setTimeout(() => console.log(JSON.stringify({ major, kept: kept.length })), 20);
`;

async function majorCollections(ask: boolean): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', RECEIVER(ask)],
    { timeout: 60_000 },
  );
  return (JSON.parse(stdout) as { major: number }).major;
}

describe('buffer accounting', () => {
  it('is asked for below V8 14.8 (Node 24, Electron 45) and left to V8 from 14.8 on', () => {
    expect(needsBufferAccountingFlag('13.6.233.17-node.44')).toBe(true);
    expect(needsBufferAccountingFlag('14.0.375.20-electron.0')).toBe(true);
    expect(needsBufferAccountingFlag('14.7.9')).toBe(true);
    expect(needsBufferAccountingFlag('14.8.0')).toBe(false);
    expect(needsBufferAccountingFlag('15.1.2')).toBe(false);
  });

  it('sets the flag only where V8 needs it (a newer V8 would warn about an unknown flag)', () => {
    const set: string[] = [];
    expect(accountBuffersByWhatTheyHold('13.6.233.17-node.44', (flags) => set.push(flags))).toBe(true);
    expect(accountBuffersByWhatTheyHold('14.8.1', (flags) => set.push(flags))).toBe(false);
    expect(set).toEqual([BUFFER_ACCOUNTING_FLAG]);
  });

  it.runIf(needsBufferAccountingFlag(process.versions.v8))(
    'spares a process opening 512 MiB of file records most of its full collections',
    async () => {
      const without = await majorCollections(false);
      const withIt = await majorCollections(true);
      expect(without).toBeGreaterThanOrEqual(5);
      expect(withIt).toBeLessThanOrEqual(Math.floor(without / 3));
    },
    120_000,
  );
});
