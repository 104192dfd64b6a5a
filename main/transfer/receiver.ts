/**
 * Receiving side: shows offers, checks free space at acceptance, and writes each accepted file to a `.part` in the
 * download folder while hashing it; renames it only when the byte count and the whole file's SHA-256 match.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TypedEmitter } from '../client/typed-emitter.js';
import type { FileEndReason, FileOfferEvent, TransferTicket } from '../protocol/file-messages.js';
import { nickKey } from '../protocol/nickname.js';
import { ActiveTransfer, linkTarget, type Verdict } from './active-transfer.js';
import type { FreeSpace } from './disk-space.js';
import { hashFileInto } from './hash.js';
import { PartFile, type PartMeta } from './part-file.js';
import { ProgressMeter } from './progress.js';
import { safeBaseName } from './safe-name.js';
import type { TransferTiming } from './transfer-timing.js';
import type { IncomingOffer, TransferEvents, TransferResult, TransferSession } from './transfer-types.js';

export interface ReceiverOptions {
  downloadDir: string;
  freeSpace: FreeSpace;
  /** Where the bytes go; tests inject a failing stream to simulate a full disk. */
  openWriteStream: (part: PartFile, start: number) => Writable;
}

/** Endings after which a `.part` is worth keeping: the same offer can be resumed later. */
const RESUMABLE = new Set<FileEndReason>(['interrupted', 'sender_left', 'receiver_left', 'host_stopped', 'timeout']);

interface Offered extends IncomingOffer {
  /** Final names of kept `.part` files that this offer can resume, by file index. */
  resumeNames: Map<number, string>;
  /** The kept .part files this offer's transfers resume (locked against a second resume). */
  locked: string[];
}

class LocalFailure extends Error {
  constructor(
    readonly reason: 'no_space' | 'write_failed' | 'hash_mismatch' | 'size_mismatch',
    message: string,
  ) {
    super(message);
  }
}

export class Receiver {
  readonly pending = new Map<string, Offered>();
  readonly active = new Map<string, ActiveTransfer>();
  private readonly accepting = new Set<string>();
  private readonly arriving = new Set<string>();
  /** Final names of kept .part files that a running transfer resumes. */
  private readonly partsInUse = new Set<string>();
  private readonly endedEarly = new Map<string, Verdict>();

  constructor(
    private readonly session: TransferSession,
    private readonly events: TypedEmitter<TransferEvents>,
    private readonly timing: TransferTiming,
    private readonly options: ReceiverOptions,
  ) {}

  async offered(event: FileOfferEvent): Promise<void> {
    this.arriving.add(event.offer);
    const resumeNames = new Map<number, string>();
    const files = await Promise.all(
      event.files.map(async (file, index) => {
        const found = await PartFile.findResumable(this.options.downloadDir, this.meta(event.from, file));
        if (found && found.offset > 0) resumeNames.set(index, found.finalName);
        return {
          ...file,
          index,
          safeName: safeBaseName(file.name),
          resumeFrom: found && found.offset > 0 ? found.offset : 0,
        };
      }),
    );
    // Ended (expired, cancelled) while we were looking for kept .part files: never show it.
    if (!this.arriving.delete(event.offer)) return;
    const offer: Offered = {
      offer: event.offer,
      from: event.from,
      files,
      expiresInMs: event.expiresInMs,
      resumeNames,
      locked: [],
    };
    this.pending.set(offer.offer, offer);
    const { resumeNames: _, locked: __, ...visible } = offer;
    this.events.emit('offer', visible);
  }

  /** Accepts `indexes` (default: every file), resuming kept `.part` files unless `resume` is false. */
  async accept(offerId: string, indexes?: number[], resume = true): Promise<void> {
    const offer = this.pending.get(offerId);
    if (!offer) throw new Error('That offer is no longer waiting for an answer.');
    const chosen = (indexes ?? offer.files.map((f) => f.index)).filter((i) => offer.files[i]);
    if (chosen.length === 0) return this.decline(offerId);
    this.pending.delete(offerId);
    // A kept .part already being resumed by another transfer cannot be resumed twice: that file starts afresh.
    const canResume = (index: number): boolean => resume && !this.partsInUse.has(offer.resumeNames.get(index) ?? '');
    const accept = chosen.map((index) => ({ index, offset: canResume(index) ? offer.files[index]!.resumeFrom : 0 }));
    offer.locked = accept.filter((a) => a.offset > 0).map((a) => offer.resumeNames.get(a.index)!);
    for (const name of offer.locked) this.partsInUse.add(name);
    const needed = accept.reduce((sum, a) => sum + offer.files[a.index]!.size - a.offset, 0);
    let free: number;
    try {
      await mkdir(this.options.downloadDir, { recursive: true });
      free = await this.options.freeSpace(this.options.downloadDir);
    } catch (error) {
      // The sender hears why instead of waiting for the offer to expire.
      this.releaseParts(offer);
      await this.session
        .request('file.answer', { offer: offerId, accept: [], reason: 'write_failed' })
        .catch(() => undefined);
      throw new Error(`Cannot save into ${this.options.downloadDir}: ${(error as Error).message}`, { cause: error });
    }
    if (free < needed) {
      this.releaseParts(offer);
      await this.session.request('file.answer', { offer: offerId, accept: [], reason: 'no_space' });
      return;
    }
    this.accepting.add(offerId);
    try {
      const { transfers } = await this.session.request('file.answer', { offer: offerId, accept });
      for (const ticket of transfers) this.track(offer, ticket);
    } catch (error) {
      this.releaseParts(offer);
      throw error;
    } finally {
      this.accepting.delete(offerId);
    }
    void this.runAll(
      offer,
      accept.map((a) => a.index),
    );
  }

  async decline(offerId: string, reason: 'declined' | 'no_space' = 'declined'): Promise<void> {
    if (!this.pending.delete(offerId)) throw new Error('That offer is no longer waiting for an answer.');
    await this.session.request('file.answer', { offer: offerId, accept: [], reason });
  }

  /** A pending offer ended: forget it, even if it is still being prepared for display. */
  forget(offer: string): void {
    this.pending.delete(offer);
    this.arriving.delete(offer);
  }

  forgetAll(): void {
    this.pending.clear();
    this.arriving.clear();
  }

  verdict(offer: string, transfer: string, verdict: Verdict): void {
    const active = this.active.get(transfer);
    if (active) active.settle(verdict);
    else if (this.accepting.has(offer)) this.endedEarly.set(transfer, verdict);
  }

  private meta(from: string, file: { name: string; size: number; sha256: string }): PartMeta {
    return { from: nickKey(from), name: file.name, size: file.size, sha256: file.sha256 };
  }

  private track(offer: Offered, ticket: TransferTicket): void {
    const file = offer.files[ticket.index]!;
    const active = new ActiveTransfer({
      transfer: ticket.transfer,
      offer: offer.offer,
      index: ticket.index,
      direction: 'receive',
      peer: offer.from,
      name: file.safeName,
      size: file.size,
      offset: ticket.offset,
    });
    active.token = ticket.token;
    const early = this.endedEarly.get(ticket.transfer);
    this.endedEarly.delete(ticket.transfer);
    if (early) active.settle(early);
    this.active.set(ticket.transfer, active);
  }

  private async runAll(offer: Offered, order: number[]): Promise<void> {
    const mine = [...this.active.values()].filter((a) => a.info.offer === offer.offer);
    const queue = order.flatMap((index) => mine.filter((a) => a.info.index === index));
    for (const [i, active] of queue.entries()) await this.receiveOne(offer, active, queue[i + 1]);
    this.releaseParts(offer);
  }

  private releaseParts(offer: Offered): void {
    for (const name of offer.locked) this.partsInUse.delete(name);
    offer.locked = [];
  }

  /** Receives one file; `following` (the offer's next transfer) connects while this file's last bytes arrive. */
  private async receiveOne(offer: Offered, active: ActiveTransfer, following?: ActiveTransfer): Promise<void> {
    const { info } = active;
    const file = offer.files[info.index]!;
    const meter = new ProgressMeter(
      file.size,
      info.offset,
      (p) => this.events.emit('progress', { ...info, ...p }),
      this.timing.progressIntervalMs,
    );
    let part: PartFile | undefined;
    let outcome: Verdict & { path?: string } = active.verdict ?? { ok: true };
    if (!active.verdict) {
      this.events.emit('started', info);
      try {
        const resumeName = offer.resumeNames.get(info.index);
        part =
          info.offset > 0 && resumeName
            ? await PartFile.reopen(this.options.downloadDir, { finalName: resumeName, offset: info.offset })
            : await PartFile.create(this.options.downloadDir, file.safeName, this.meta(offer.from, file));
        const target = linkTarget(this.session, this.timing);
        const connectNext = (remaining: number): void => following?.connectAhead(target, active, remaining);
        outcome = await this.stream(active, part, file.sha256, meter, connectNext);
      } catch (error) {
        const reason = error instanceof LocalFailure ? error.reason : 'write_failed';
        outcome = this.giveUp(active, reason, `${file.safeName}: ${(error as Error).message}`);
      }
    }
    this.active.delete(info.transfer);
    let keptForResume = false;
    if (part) {
      if (outcome.ok) {
        // already renamed in stream()
      } else if (RESUMABLE.has(outcome.reason) && meter.done > 0) {
        await part.keep();
        keptForResume = true;
      } else {
        await part.discard();
      }
    }
    meter.flush();
    const result: TransferResult = outcome.ok
      ? {
          ...info,
          ok: true,
          message: `${info.name} ${file.size} bytes received, SHA-256 verified`,
          path: outcome.path!,
          keptForResume,
          bytes: meter.done,
        }
      : {
          ...info,
          ok: false,
          reason: outcome.reason,
          message: outcome.message + (keptForResume ? ' The partial file was kept to resume later.' : ''),
          keptForResume,
          bytes: meter.done,
        };
    if (outcome.ok) result.name = path.basename(outcome.path!);
    this.events.emit('ended', result);
  }

  /**
   * Writes the data connection's bytes to the `.part` while hashing them on this thread: SHA-256 here runs at
   * 1.5 GB/s or more, faster than any LAN, and a hashing thread cost more CPU than it saved (bench:transfer).
   */
  private async stream(
    active: ActiveTransfer,
    part: PartFile,
    sha256: string,
    meter: ProgressMeter,
    connectNext: (remaining: number) => void,
  ): Promise<Verdict & { path?: string }> {
    const { info } = active;
    const length = info.size - info.offset;
    const hash = createHash('sha256');
    if (info.offset > 0 && (await hashFileInto(hash, part.partPath, info.offset)) !== info.offset) {
      throw new LocalFailure('write_failed', 'the kept partial file changed');
    }
    const link = active.connect(linkTarget(this.session, this.timing));
    connectNext(length);
    let received = 0;
    let localError: LocalFailure | undefined;
    try {
      const { socket } = await link.promise;
      active.socket = socket;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (received + chunk.length > length) {
            localError = new LocalFailure('size_mismatch', 'more bytes arrived than were offered');
            return callback(localError);
          }
          received += chunk.length;
          meter.add(chunk.length);
          connectNext(length - received);
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      const writer = this.options.openWriteStream(part, info.offset);
      writer.once('error', (error: NodeJS.ErrnoException) => {
        // Only the file system's own failures; the pipeline also destroys the writer when the socket breaks.
        if (!error.syscall && error.code !== 'ENOSPC' && error.code !== 'EDQUOT') return;
        const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
        localError ??= new LocalFailure(
          full ? 'no_space' : 'write_failed',
          full ? 'the disk is full' : `could not write: ${error.message}`,
        );
      });
      await pipeline(socket, counter, writer);
    } catch {
      if (active.verdict) return active.verdict;
      if (localError) return this.giveUp(active, localError.reason, `${info.name}: ${localError.message}`);
    }
    if (active.verdict) return active.verdict;
    if (received !== length) {
      const message = `The connection carrying ${info.name} was cut after ${info.offset + received} of ${info.size} bytes.`;
      return active.waitVerdict(this.timing.verdictGraceMs, { ok: false, reason: 'interrupted', message }, () =>
        this.reportCut(active),
      );
    }
    if (hash.digest('hex') !== sha256) {
      return this.giveUp(
        active,
        'hash_mismatch',
        `${info.name} arrived but its SHA-256 does not match the offer; it was discarded.`,
      );
    }
    const finalName = await part.finish();
    active.settle({ ok: true });
    // Not awaited: the next file's connection need not wait for the host's acknowledgement.
    this.session.request('file.verified', { transfer: info.transfer }).catch(() => undefined);
    return { ok: true, path: path.join(part.dir, finalName) };
  }

  /** The host forwarded everything it had but our link broke: tell it, so the sender is not left waiting. */
  private reportCut(active: ActiveTransfer): void {
    this.session
      .request('file.cancel', { transfer: active.info.transfer, reason: 'interrupted' })
      .catch(() => undefined);
  }

  private giveUp(active: ActiveTransfer, reason: LocalFailure['reason'], message: string): Verdict {
    active.settle({ ok: false, reason, message });
    if (active.verdict?.ok === false && active.verdict.reason === reason) {
      this.session.request('file.cancel', { transfer: active.info.transfer, reason }).catch(() => undefined);
    }
    return active.verdict!;
  }
}
