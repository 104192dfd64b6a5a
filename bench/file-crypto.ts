/**
 * Micro-benchmark of end-to-end file encryption (main/security/file-crypto.ts): seals and opens a file's worth of
 * bytes in memory through the real `createSealer` / `createOpener` streams, and runs a bare `createCipheriv` /
 * `createDecipheriv` loop over the same 64 KiB records, so each run carries its own ceiling (the machine is shared:
 * read the ratios, not only the MB/s). The sealer gets 256 KiB chunks (the sender's file reads); the opener gets
 * 64 KiB chunks that do not line up with records (a socket's reads), from a sealed stream made once before the runs.
 * Both timed streams drop what they produce, as a socket frees what it wrote; the opened bytes are spot-checked. One
 * untimed warm-up pass first (JIT).
 *
 *   npm run bench:crypto                      512 MiB, 3 runs
 *   npm run bench:crypto -- --size-mib 256 --runs 5
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import os from 'node:os';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createOpener, createSealer, fileKey, type StreamParams } from '../main/security/file-crypto.js';

const MiB = 1024 * 1024;
const RECORD = 65536;
const READ_CHUNK = 256 * 1024;
const SOCKET_CHUNK = 65536;
const { values } = parseArgs({ options: { 'size-mib': { type: 'string' }, runs: { type: 'string' } } });
const size = Number(values['size-mib'] ?? 512) * MiB;
const runs = Math.max(1, Number(values.runs ?? 3));
/** The plaintext repeats this pattern (one 16 MiB random block), so 512 MiB need not sit in memory twice. */
const pattern = randomBytes(16 * MiB);
const SALT = randomBytes(16);

function params(): StreamParams {
  return { shared: Buffer.alloc(32, 7), offerNonce: Buffer.alloc(16, 1), fileIndex: 0, offset: 0, length: size };
}

function* plainChunks(): Generator<Buffer> {
  for (let at = 0; at < size; at += READ_CHUNK) {
    const from = at % pattern.length;
    yield pattern.subarray(from, from + Math.min(READ_CHUNK, size - at));
  }
}

function* pieces(wire: Buffer, piece: number): Generator<Buffer> {
  for (let at = 0; at < wire.length; at += piece) yield wire.subarray(at, at + piece);
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** Seals through the stream into `sink` (per chunk); the timed run drops the chunks, as a socket frees written ones. */
async function seal(sink: (chunk: Buffer) => void): Promise<number> {
  const started = performance.now();
  await pipeline(
    Readable.from(plainChunks(), { objectMode: false }),
    createSealer(params(), SALT),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        sink(chunk);
        callback();
      },
    }),
  );
  return performance.now() - started;
}

/** The sealed stream once, untimed, for the opener runs (fixed salt: the same key for every run). */
async function sealedWire(): Promise<Buffer> {
  const out: Buffer[] = [];
  await seal((chunk) => out.push(chunk));
  return Buffer.concat(out);
}

async function openRun(wire: Buffer): Promise<number> {
  let checked = 0;
  let mismatch = false;
  const started = performance.now();
  await pipeline(
    Readable.from(pieces(wire, SOCKET_CHUNK), { objectMode: false }),
    createOpener(params()),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        // Spot check (first 64 bytes of each chunk): a full compare would cost as much as the decryption.
        const from = checked % pattern.length;
        const n = Math.min(64, chunk.length, pattern.length - from);
        if (!chunk.subarray(0, n).equals(pattern.subarray(from, from + n))) mismatch = true;
        checked += chunk.length;
        callback();
      },
    }),
  );
  const ms = performance.now() - started;
  if (mismatch || checked !== size) throw new Error(`opened bytes differ from the input (${checked} of ${size})`);
  return ms;
}

function nonce(record: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(record), 4);
  return n;
}

function aad(final: boolean, offset: number): Buffer {
  const a = Buffer.alloc(9);
  a.writeUInt8(final ? 1 : 0, 0);
  a.writeBigUInt64BE(BigInt(offset), 1);
  return a;
}

/** The floor: one cipher per record, update + final + tag, nothing else (output dropped). */
function bareSeal(key: Buffer): number {
  const started = performance.now();
  for (let at = 0, record = 0; at < size; at += RECORD, record += 1) {
    const from = at % pattern.length;
    const n = Math.min(RECORD, size - at);
    const cipher = createCipheriv('aes-256-gcm', key, nonce(record));
    cipher.setAAD(aad(at + n === size, at));
    cipher.update(pattern.subarray(from, from + n));
    cipher.final();
    cipher.getAuthTag();
  }
  return performance.now() - started;
}

function bareOpen(key: Buffer, wire: Buffer): number {
  const started = performance.now();
  for (let at = 16, done = 0, record = 0; done < size; record += 1) {
    const n = Math.min(RECORD, size - done);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(record));
    decipher.setAAD(aad(done + n === size, done));
    decipher.setAuthTag(wire.subarray(at + 4 + n, at + 4 + n + 16));
    decipher.update(wire.subarray(at + 4, at + 4 + n));
    decipher.final();
    at += 4 + n + 16;
    done += n;
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const [load1] = os.loadavg();
  console.log(
    `bench:crypto: ${size / MiB} MiB sealed then opened through the streams, ${runs} runs; ${os.cpus().length} cores, ` +
      `Node ${process.version}, load average ${fmt(load1!, 2)}`,
  );
  console.log('run | seal MB/s | open MB/s | bare seal MB/s | bare open MB/s | seal/bare | open/bare');
  const wire = await sealedWire();
  const key = fileKey(params().shared, SALT, params().offerNonce, 0);
  await openRun(wire); // warm-up (JIT), untimed
  bareSeal(key);
  const rows: number[][] = [];
  for (let run = 1; run <= runs; run += 1) {
    let sealedBytes = 0;
    const sealMs = await seal((chunk) => (sealedBytes += chunk.length));
    if (sealedBytes !== wire.length) throw new Error('the sealer produced the wrong length');
    const openMs = await openRun(wire);
    const bareSealMs = bareSeal(key);
    const bareOpenMs = bareOpen(key, wire);
    const row = [mbps(size, sealMs), mbps(size, openMs), mbps(size, bareSealMs), mbps(size, bareOpenMs)];
    rows.push(row);
    console.log(
      `${run} | ${row.map((v) => fmt(v)).join(' | ')} | ${fmt(row[0]! / row[2]!, 2)} | ${fmt(row[1]! / row[3]!, 2)}`,
    );
  }
  const median = (i: number): number => rows.map((r) => r[i]!).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  const m = [0, 1, 2, 3].map(median);
  console.log(
    `median | ${m.map((v) => fmt(v)).join(' | ')} | ${fmt(m[0]! / m[2]!, 2)} | ${fmt(m[1]! / m[3]!, 2)}` +
      ` (load average now ${fmt(os.loadavg()[0]!, 2)})`,
  );
}

await main();
