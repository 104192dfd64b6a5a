/**
 * SHA-256 on a worker thread, so a receiver hashes on one core while its main thread keeps reading the socket and
 * writing the file. Chunks are copied to the worker (memcpy is far cheaper than hashing); at most `maxInFlight`
 * bytes wait for the worker, beyond that `update` tells the caller to hold on until `drained`.
 * The worker is a small inline CommonJS script, so no separate file has to be bundled.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FILE_CHUNK_BYTES } from './hash.js';

const SCRIPT = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (m) => {
  if (m === null) { parentPort.postMessage({ digest: hash.digest('hex') }); return; }
  hash.update(m);
  parentPort.postMessage({ done: m.length });
});
`;

export class HashWorker implements StreamHasher {
  private readonly worker = new Worker(SCRIPT, { eval: true });
  private inFlight = 0;
  private waiting: (() => void) | undefined;
  private digestWaiter: ((hex: string) => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly maxInFlight = 8 * 1024 * 1024) {
    this.worker.on('message', (m: { done?: number; digest?: string }) => {
      if (m.digest !== undefined) return this.digestWaiter?.(m.digest);
      this.inFlight -= m.done ?? 0;
      if (this.inFlight <= this.maxInFlight / 2 && this.waiting) {
        const go = this.waiting;
        this.waiting = undefined;
        go();
      }
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.waiting?.();
    });
    this.worker.unref();
  }

  /** Queues a copy of `chunk`; calls `next` at once, or once the worker has caught up. */
  update(chunk: Buffer, next: () => void): void {
    if (this.failure) return next();
    this.inFlight += chunk.length;
    this.worker.postMessage(chunk);
    if (this.inFlight > this.maxInFlight) this.waiting = next;
    else next();
  }

  /** Lower-case hex digest of everything queued; ends the worker. */
  async digest(): Promise<string> {
    if (this.failure) throw this.failure;
    const hex = await new Promise<string>((resolve, reject) => {
      this.digestWaiter = resolve;
      this.worker.once('error', reject);
      this.worker.postMessage(null);
    });
    await this.worker.terminate();
    return hex;
  }

  /** Stops the worker without a digest (the transfer failed). */
  dispose(): void {
    void this.worker.terminate();
  }
}

/** What the receiver needs from a hasher; `update` calls `next` when it may be given more. */
export interface StreamHasher {
  update(chunk: Buffer, next: () => void): void;
  digest(): Promise<string>;
  dispose(): void;
}

/** Hashing on the calling thread: no start-up cost, for small files. */
export class InlineHasher implements StreamHasher {
  private readonly hash = createHash('sha256');
  update(chunk: Buffer, next: () => void): void {
    this.hash.update(chunk);
    next();
  }
  digest(): Promise<string> {
    return Promise.resolve(this.hash.digest('hex'));
  }
  dispose(): void {}
}

/** Files above this size are hashed on a worker thread (starting one costs a few tens of milliseconds). */
export const WORKER_HASH_THRESHOLD = 16 * 1024 * 1024;

export function createStreamHasher(bytes: number): StreamHasher {
  return bytes >= WORKER_HASH_THRESHOLD ? new HashWorker() : new InlineHasher();
}

/** Feeds bytes [0, end) of a file to `hasher`; resolves with the count read. */
export async function hashPrefix(hasher: StreamHasher, file: string, end: number): Promise<number> {
  if (end === 0) return 0;
  let read = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: end - 1, highWaterMark: FILE_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    read += chunk.length;
    await new Promise<void>((resolve) => hasher.update(chunk, resolve));
  }
  return read;
}
