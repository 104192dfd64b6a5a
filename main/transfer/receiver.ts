/**
 * Receiving side, the coordinator: keeps one IncomingOfferState per offer (incoming-offer.ts), answers the host,
 * checks free space at acceptance, and receives each accepted file in turn through file-writer.ts: a `.part` in the
 * download folder, renamed only when the byte count and the whole file's SHA-256 match. How each file ended is a
 * TransferOutcome (transfer-outcome.ts). An end-to-end offer is shown only once the sender's keys verified
 * (offer-e2e.ts); its files are opened record by record before they are hashed and written.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { TypedEmitter } from '../client/typed-emitter.js';
import type { FileKeyEvent, FileOfferEvent } from '../protocol/file-messages.js';
import { nickKey } from '../protocol/nickname.js';
import { recordOpener } from '../security/file-crypto.js';
import { unwrapContentKey } from '../security/group-key.js';
import { linkTarget, type ActiveTransfer, type Verdict } from './active-transfer.js';
import type { E2ePeers } from './e2e-context.js';
import type { FreeSpace } from './disk-space.js';
import { openPart, receiveFailureOf, startHash, writeIncoming, type ReceiveFailure } from './file-writer.js';
import { IncomingOfferState, offerNotPending } from './incoming-offer.js';
import { answerKeys, checkIncomingOffer, streamParams, type OfferSecret } from './offer-e2e.js';
import { PartFile, type PartMeta } from './part-file.js';
import { ProgressMeter } from './progress.js';
import { safeBaseName } from './safe-name.js';
import { TransferError } from './transfer-error.js';
import { receivedOutcome, receivedResult } from './transfer-outcome.js';
import type { TransferTiming } from './transfer-timing.js';
import type { IncomingOffer, TransferEvents, TransferSession } from './transfer-types.js';

export interface ReceiverOptions {
  downloadDir: string;
  freeSpace: FreeSpace;
  /** Where the bytes go; tests inject a failing stream to simulate a full disk. */
  openWriteStream: (part: PartFile, start: number) => Writable;
}

export class Receiver {
  /** Offers not yet over, in the order they were shown (then answered). */
  private readonly offers = new Map<string, IncomingOfferState>();
  /** Final names of kept .part files that a running transfer resumes. */
  private readonly partsInUse = new Set<string>();

  constructor(
    private readonly session: TransferSession,
    private readonly events: TypedEmitter<TransferEvents>,
    private readonly timing: TransferTiming,
    private readonly options: ReceiverOptions,
    private readonly peers: E2ePeers,
  ) {}

  /** Offers shown and waiting for an answer. */
  pendingOffers(): IncomingOffer[] {
    return [...this.offers.values()].filter((o) => o.phase === 'pending').map((o) => ({ ...o.offer }));
  }

  /** Transfers running or waiting for their turn. */
  activeTransfers(): ActiveTransfer[] {
    return [...this.offers.values()].flatMap((o) => [...o.transfers.values()]);
  }

  async offered(event: FileOfferEvent): Promise<void> {
    const state = new IncomingOfferState(event.offer);
    state.group = event.group === true;
    this.offers.set(event.offer, state);
    const e2e = await checkIncomingOffer(this.peers, event.from, event.e2e);
    if (e2e.kind === 'refuse') {
      // Never shown: the host ends it for both sides with reason `unverified`.
      if (state.forget()) this.offers.delete(event.offer);
      await this.session
        .request('file.answer', { offer: event.offer, accept: [], reason: 'unverified' })
        .catch(() => undefined);
      return;
    }
    if (e2e.kind === 'e2e') state.e2eOffer = { eph: e2e.eph, nonce: e2e.nonce };
    const files = await Promise.all(
      event.files.map(async (file, index) => {
        const found = await PartFile.findResumable(this.options.downloadDir, this.meta(event.from, file));
        if (found && found.offset > 0) state.resumeNames.set(index, found.finalName);
        return {
          ...file,
          index,
          safeName: safeBaseName(file.name),
          resumeFrom: found && found.offset > 0 && !state.group ? found.offset : 0,
        };
      }),
    );
    const offer: IncomingOffer = { offer: event.offer, from: event.from, files, expiresInMs: event.expiresInMs };
    // Ended (expired, cancelled) while we were looking for kept .part files: never show it.
    if (!state.show(offer)) return;
    this.offers.delete(event.offer);
    this.offers.set(event.offer, state);
    this.events.emit('offer', { ...offer });
  }

  /** Accepts `indexes` (default: every file), resuming kept `.part` files unless `resume` is false. */
  async accept(offerId: string, indexes?: number[], resume = true): Promise<void> {
    const state = this.offers.get(offerId);
    if (!state || state.phase !== 'pending') throw offerNotPending();
    const chosen = (indexes ?? state.offer.files.map((f) => f.index)).filter((i) => state.offer.files[i]);
    if (chosen.length === 0) return this.decline(offerId);
    const offer = state.take();
    this.offers.delete(offerId);
    this.offers.set(offerId, state);
    // A kept .part already being resumed by another transfer cannot be resumed twice: that file starts afresh.
    const canResume = (index: number): boolean =>
      resume && !state.group && !this.partsInUse.has(state.resumeNames.get(index) ?? '');
    const accept = chosen.map((index) => ({ index, offset: canResume(index) ? offer.files[index]!.resumeFrom : 0 }));
    state.locked = accept.filter((a) => a.offset > 0).map((a) => state.resumeNames.get(a.index)!);
    for (const name of state.locked) this.partsInUse.add(name);
    const needed = accept.reduce((sum, a) => sum + offer.files[a.index]!.size - a.offset, 0);
    let free: number;
    try {
      await mkdir(this.options.downloadDir, { recursive: true });
      free = await this.options.freeSpace(this.options.downloadDir);
    } catch (error) {
      // The sender hears why instead of waiting for the offer to expire.
      this.endOffer(state);
      await this.session
        .request('file.answer', { offer: offerId, accept: [], reason: 'write_failed' })
        .catch(() => undefined);
      throw new TransferError(
        'save_dir_unusable',
        `Cannot save into ${this.options.downloadDir}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (free < needed) {
      this.endOffer(state);
      await this.session.request('file.answer', { offer: offerId, accept: [], reason: 'no_space' });
      return;
    }
    try {
      const keys = state.e2eOffer && answerKeys(this.peers, offerId, state.e2eOffer);
      state.secret = keys?.secret;
      const { transfers } = await this.session.request('file.answer', {
        offer: offerId,
        accept,
        ...(keys ? { e2e: keys.e2e } : {}),
      });
      // End to end, the file's reader (the opener) copies what it keeps: its link can read into one buffer.
      for (const ticket of transfers) state.track(ticket).reuseReads = state.secret !== undefined;
    } catch (error) {
      this.endOffer(state);
      throw error;
    }
    state.receiving();
    void this.runAll(
      state,
      accept.map((a) => a.index),
    );
  }

  async decline(offerId: string, reason: 'declined' | 'no_space' = 'declined'): Promise<void> {
    const state = this.offers.get(offerId);
    if (!state) throw offerNotPending();
    state.decline();
    this.offers.delete(offerId);
    await this.session.request('file.answer', { offer: offerId, accept: [], reason });
  }

  /** The sender's wrapped content key of a group offer we accepted end to end: open it, or stop (`tampered`). */
  keyed(event: FileKeyEvent): void {
    const state = this.offers.get(event.offer);
    if (!state?.group || !state.secret) return;
    try {
      const key = unwrapContentKey(event.key, state.offer.files, state.secret, event.offer);
      state.resolveGroupSecret({ shared: key, nonce: state.secret.nonce });
    } catch (error) {
      const message = `Files from ${state.offer.from} were stopped: ${(error as Error).message}.`;
      for (const active of state.transfers.values()) {
        active.settle({ ok: false, reason: 'tampered', message });
        this.session
          .request('file.cancel', { transfer: active.info.transfer, reason: 'tampered' })
          .catch(() => undefined);
      }
    }
  }

  /** A pending offer ended: forget it, even if it is still being prepared for display. */
  forget(offer: string): void {
    if (this.offers.get(offer)?.forget()) this.offers.delete(offer);
  }

  forgetAll(): void {
    for (const [id, state] of this.offers) if (state.forget()) this.offers.delete(id);
  }

  verdict(offer: string, transfer: string, verdict: Verdict): void {
    this.offers.get(offer)?.verdict(transfer, verdict);
  }

  private meta(from: string, file: { name: string; size: number; sha256: string }): PartMeta {
    return { from: nickKey(from), name: file.name, size: file.size, sha256: file.sha256 };
  }

  private async runAll(state: IncomingOfferState, order: number[]): Promise<void> {
    const mine = [...state.transfers.values()];
    const queue = order.flatMap((index) => mine.filter((a) => a.info.index === index));
    for (const [i, active] of queue.entries()) await this.receiveOne(state, active, queue[i + 1]);
    this.endOffer(state);
  }

  /** The offer is over: its kept .part files may be resumed by another offer again. */
  private endOffer(state: IncomingOfferState): void {
    for (const name of state.locked) this.partsInUse.delete(name);
    state.locked = [];
    state.end();
    if (this.offers.get(state.id) === state) this.offers.delete(state.id);
  }

  /** Receives one file; `following` (the offer's next transfer) connects while this file's last bytes arrive. */
  private async receiveOne(
    state: IncomingOfferState,
    active: ActiveTransfer,
    following?: ActiveTransfer,
  ): Promise<void> {
    const { info } = active;
    const file = state.offer.files[info.index]!;
    const meter = new ProgressMeter(
      file.size,
      info.offset,
      (p) => this.events.emit('progress', { ...info, ...p }),
      this.timing.progressIntervalMs,
    );
    let part: PartFile | undefined;
    let verdict: Verdict = active.verdict ?? { ok: true };
    let savedAs: string | undefined;
    if (!active.verdict) {
      this.events.emit('started', info);
      try {
        part = await openPart(this.options.downloadDir, file.safeName, this.meta(state.offer.from, file), {
          name: state.resumeNames.get(info.index),
          offset: info.offset,
        });
        const target = linkTarget(this.session, this.timing);
        const connectNext = (remaining: number): void => following?.connectAhead(target, active, remaining);
        const secret = await this.secretFor(state, active);
        const received = active.verdict
          ? { verdict: active.verdict }
          : await this.receiveInto(active, part, file.sha256, meter, connectNext, secret);
        verdict = received.verdict;
        savedAs = received.path;
      } catch (error) {
        verdict = this.giveUp(active, receiveFailureOf(error), `${file.safeName}: ${(error as Error).message}`);
      }
    }
    state.finished(info.transfer);
    const outcome = receivedOutcome(verdict, savedAs, part && !verdict.ok ? meter.done : 0);
    if (part && !verdict.ok) {
      if (outcome.kind === 'interrupted') await part.keep();
      else await part.discard();
    }
    meter.flush();
    this.events.emit('ended', receivedResult(info, outcome, meter.done));
  }

  /** The key the file's records open with: the pair's secret, or a group offer's content key once it came. */
  private async secretFor(state: IncomingOfferState, active: ActiveTransfer): Promise<OfferSecret | undefined> {
    if (!state.group || !state.secret) return state.secret;
    // The host ends the transfer (`unverified`) when the sender never sends the key; until then, wait.
    const never: Verdict = { ok: false, reason: 'timeout', message: 'The sender never sent the key for these files.' };
    const waited = active.waitVerdict(2 ** 31 - 1, never).then(() => undefined);
    return (await Promise.race([state.groupSecret, waited])) ?? undefined;
  }

  /** Receives the data connection's bytes into `part`; the verified file's path comes with an `ok` verdict. */
  private async receiveInto(
    active: ActiveTransfer,
    part: PartFile,
    sha256: string,
    meter: ProgressMeter,
    connectNext: (remaining: number) => void,
    secret: OfferSecret | undefined,
  ): Promise<{ verdict: Verdict; path?: string }> {
    const { info } = active;
    const length = info.size - info.offset;
    const hash = await startHash(part, info.offset);
    const link = active.connect(linkTarget(this.session, this.timing));
    connectNext(length);
    const written = await writeIncoming(link.promise, {
      length,
      opener: secret && recordOpener(streamParams(secret, info.index, info.offset, length)),
      hash,
      open: () => this.options.openWriteStream(part, info.offset),
      onSocket: (socket) => (active.socket = socket),
      onBytes: (chunk, received) => {
        meter.add(chunk);
        connectNext(length - received);
      },
    });
    if (active.verdict) return { verdict: active.verdict };
    if (written.failure) {
      return { verdict: this.giveUp(active, written.failure.code, `${info.name}: ${written.failure.message}`) };
    }
    if (written.received !== length) {
      const message = `The connection carrying ${info.name} was cut after ${info.offset + written.received} of ${info.size} bytes.`;
      const verdict = await active.waitVerdict(
        this.timing.verdictGraceMs,
        { ok: false, reason: 'interrupted', message },
        () => this.reportCut(active),
      );
      return { verdict };
    }
    if (hash.digest('hex') !== sha256) {
      const message = `${info.name} arrived but its SHA-256 does not match the offer; it was discarded.`;
      return { verdict: this.giveUp(active, 'hash_mismatch', message) };
    }
    const finalName = await part.finish();
    active.settle({ ok: true });
    // Not awaited: the next file's connection need not wait for the host's acknowledgement.
    this.session.request('file.verified', { transfer: info.transfer }).catch(() => undefined);
    return { verdict: { ok: true }, path: path.join(part.dir, finalName) };
  }

  /** The host forwarded everything it had but our link broke: tell it, so the sender is not left waiting. */
  private reportCut(active: ActiveTransfer): void {
    this.session
      .request('file.cancel', { transfer: active.info.transfer, reason: 'interrupted' })
      .catch(() => undefined);
  }

  private giveUp(active: ActiveTransfer, reason: ReceiveFailure, message: string): Verdict {
    active.settle({ ok: false, reason, message });
    if (active.verdict?.ok === false && active.verdict.reason === reason) {
      this.session.request('file.cancel', { transfer: active.info.transfer, reason }).catch(() => undefined);
    }
    return active.verdict!;
  }
}
