/**
 * The client side of file transfer, on top of a logged-in ClientSession. One object per session:
 *
 *   const files = new FileTransfers(session, { downloadDir });
 *   files.on('offer', (offer) => files.accept(offer.offer));   // or decline(offer.offer)
 *   files.on('progress', (p) => ...); files.on('ended', (result) => ...);
 *   await files.send('atom', ['/path/data.txt']);
 *
 * Events: offer, offer-accepted, offer-ended, started, progress (~10/s per transfer), ended, hashing.
 */
import type { Writable } from 'node:stream';
import { ProtocolError } from '../client/errors.js';
import { TypedEmitter } from '../client/typed-emitter.js';
import type { FileAcceptedEvent, FileEndReason, FileEndedEvent } from '../protocol/file-messages.js';
import { freeSpace as realFreeSpace, type FreeSpace } from './disk-space.js';
import { sessionPeers, type E2ePeers } from './e2e-context.js';
import { describeLocalFiles } from './local-files.js';
import type { PartFile } from './part-file.js';
import { Receiver } from './receiver.js';
import { Sender } from './sender.js';
import { DEFAULT_TIMING, type TransferTiming } from './transfer-timing.js';
import type {
  Direction,
  IncomingOffer,
  OutgoingOffer,
  TransferEvents,
  TransferInfo,
  TransferSession,
} from './transfer-types.js';

export interface FileTransfersOptions {
  /** Where received files are saved (created when needed). */
  downloadDir: string;
  timing?: Partial<TransferTiming>;
  /** Free bytes in a folder; tests inject small values. */
  freeSpace?: FreeSpace;
  /** Where received bytes are written; tests inject a failing stream to simulate a full disk. */
  openWriteStream?: (part: PartFile, start: number) => Writable;
  /** Our identity and the peers' stamped fingerprints for end-to-end encryption. Default: from the session. */
  peers?: E2ePeers;
}

export class FileTransfers extends TypedEmitter<TransferEvents> {
  private readonly sender: Sender;
  private readonly receiver: Receiver;
  private readonly offerPeers = new Map<string, { direction: Direction; peer: string }>();
  private readonly unsubscribe: (() => void)[];
  private readonly early = new Map<string, (FileAcceptedEvent | FileEndedEvent)[]>();

  constructor(
    private readonly session: TransferSession,
    options: FileTransfersOptions,
  ) {
    super();
    const timing = { ...DEFAULT_TIMING, ...options.timing };
    const peers = options.peers ?? sessionPeers(session);
    this.sender = new Sender(session, this, timing, peers);
    this.receiver = new Receiver(
      session,
      this,
      timing,
      {
        downloadDir: options.downloadDir,
        freeSpace: options.freeSpace ?? realFreeSpace,
        openWriteStream: options.openWriteStream ?? ((part, start) => part.writeStream(start)),
      },
      peers,
    );
    this.unsubscribe = [
      session.on('file.offer', (event) => {
        this.offerPeers.set(event.offer, { direction: 'receive', peer: event.from });
        void this.receiver.offered(event);
      }),
      session.on('file.accepted', (event) => {
        const pending = this.sender.pending.get(event.offer);
        if (!pending) return this.holdEarly(event);
        if (!pending.group) this.offerPeers.delete(event.offer);
        void this.sender.accepted(event);
      }),
      session.on('file.done', (event) => this.sender.verdict(event.transfer, { ok: true })),
      session.on('file.progress', (event) => this.sender.active.get(event.transfer)?.onHostProgress?.(event.bytes)),
      session.on('file.upload', (event) => {
        this.offerPeers.delete(event.offer);
        void this.sender.group.upload(event);
      }),
      session.on('file.key', (event) => this.receiver.keyed(event)),
      session.on('file.ended', (event) => this.ended(event)),
      session.on('disconnected', (event) => {
        const reason: FileEndReason = event.reason === 'server_shutdown' ? 'host_stopped' : 'interrupted';
        this.endEverything(reason, reason === 'host_stopped' ? 'The host stopped.' : connectionLost(event.message));
      }),
    ];
  }

  /** Hashes the files and offers them to `to`; resolves once the host passed the offer on ("waiting for <to>"). */
  async send(to: string, paths: readonly string[]): Promise<OutgoingOffer> {
    const [offer] = await this.sendToMany([to], paths);
    if (offer instanceof Error) throw offer;
    return offer!;
  }

  /** Offers the same files to several users (hashed once); one result per recipient, an Error where refused. */
  async sendToMany(recipients: readonly string[], paths: readonly string[]): Promise<(OutgoingOffer | Error)[]> {
    const files = await describeLocalFiles(paths, (path, bytes, size) => this.emit('hashing', { path, bytes, size }));
    const results: (OutgoingOffer | Error)[] = [];
    for (const to of recipients) {
      try {
        const offer = await this.sender.offer(to, files);
        this.offerPeers.set(offer.offer, { direction: 'send', peer: to });
        results.push(offer);
        this.replayEarly(offer.offer);
      } catch (error) {
        results.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return results;
  }

  /**
   * Offers the files to several people at once (`"*"`: everyone else in the room who can receive files): each answers
   * for itself, and each file is uploaded once however many accept (docs/PROTOCOL.md "Group offers").
   */
  async sendGroup(to: '*' | readonly string[], paths: readonly string[]): Promise<OutgoingOffer> {
    const files = await describeLocalFiles(paths, (path, bytes, size) => this.emit('hashing', { path, bytes, size }));
    const offer = await this.sender.group.offer(to === '*' ? '*' : [...to], files);
    this.offerPeers.set(offer.offer, { direction: 'send', peer: '*' });
    this.replayEarly(offer.offer);
    return offer;
  }

  /** Accepts an incoming offer: every file, or only `indexes`; kept `.part` files resume unless `resume` is false. */
  accept(offer: string, indexes?: number[], resume = true): Promise<void> {
    return this.receiver.accept(offer, indexes, resume);
  }

  decline(offer: string): Promise<void> {
    return this.receiver.decline(offer);
  }

  /** Cancels a transfer or an offer by id, or everything of ours when no id is given. Returns how many. */
  async cancel(id?: string): Promise<number> {
    const requests: Promise<unknown>[] = [];
    for (const transfer of this.transfers()) {
      if (id === undefined || id === transfer.transfer || id === transfer.offer) {
        requests.push(this.session.request('file.cancel', { transfer: transfer.transfer }));
      }
    }
    for (const offer of this.outgoingOffers()) {
      if (id === undefined || id === offer.offer)
        requests.push(this.session.request('file.cancel', { offer: offer.offer }));
    }
    for (const offer of this.incomingOffers()) {
      if (id === undefined || id === offer.offer) requests.push(this.decline(offer.offer));
    }
    const outcomes = await Promise.allSettled(requests);
    for (const outcome of outcomes) {
      // Already over (the other side cancelled at the same moment): that is fine.
      if (outcome.status === 'rejected' && !(outcome.reason instanceof ProtocolError)) throw outcome.reason;
    }
    return requests.length;
  }

  /**
   * My group offer `offer`, for `nick` only: ends that receiver's part (its pending answer, or its transfers), before
   * or during the upload; everyone else's part goes on (docs/PROTOCOL.md "Group offers").
   */
  async cancelFor(offer: string, nick: string): Promise<void> {
    await this.session.request('file.cancel', { offer, to: nick });
  }

  incomingOffers(): IncomingOffer[] {
    return this.receiver.pendingOffers();
  }

  outgoingOffers(): OutgoingOffer[] {
    return [...this.sender.pending.values()];
  }

  /** Transfers running or waiting for their turn, both directions. */
  transfers(): TransferInfo[] {
    return [...this.sender.active.values(), ...this.receiver.activeTransfers()].map((a) => a.info);
  }

  /** Stops listening to the session (transfers already running finish or fail on their own). */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.removeAllListeners();
  }

  /**
   * An answer can overtake the `ok` of our own `file.offer` (both may arrive in one read, and the `ok` is handled a
   * microtask later): such events wait here, briefly, until the offer is registered.
   */
  private holdEarly(event: FileAcceptedEvent | FileEndedEvent): void {
    const held = this.early.get(event.offer);
    if (held) held.push(event);
    else if (this.early.size < 64) {
      this.early.set(event.offer, [event]);
      setTimeout(() => this.early.delete(event.offer), 30_000).unref();
    }
  }

  private replayEarly(offer: string): void {
    const held = this.early.get(offer);
    if (!held) return;
    this.early.delete(offer);
    for (const event of held) {
      if (event.t === 'file.accepted') {
        if (!this.sender.pending.get(event.offer)?.group) this.offerPeers.delete(event.offer);
        void this.sender.accepted(event);
      } else this.ended(event);
    }
  }

  private ended(event: FileEndedEvent): void {
    if (this.early.has(event.offer)) return this.holdEarly(event);
    const verdict = { ok: false as const, reason: event.reason, message: event.message };
    if (event.transfer !== undefined) {
      this.sender.verdict(event.transfer, verdict);
      this.receiver.verdict(event.offer, event.transfer, verdict);
      return;
    }
    const known = this.offerPeers.get(event.offer);
    if (!known) return this.holdEarly(event);
    if (event.to !== undefined && known.direction === 'send') {
      // One invitee of our group offer declined, expired or left; the others may still accept.
      const { offer, reason, message } = event;
      this.emit('offer-ended', { offer, direction: 'send', peer: event.to, reason, message });
      return;
    }
    this.offerPeers.delete(event.offer);
    this.sender.group.forget(event.offer);
    this.sender.pending.delete(event.offer);
    this.receiver.forget(event.offer);
    this.emit('offer-ended', {
      offer: event.offer,
      direction: known.direction,
      peer: known.peer,
      reason: event.reason,
      message: event.message,
    });
  }

  private endEverything(reason: FileEndReason, message: string): void {
    for (const [offer, known] of [...this.offerPeers]) {
      this.emit('offer-ended', { offer, direction: known.direction, peer: known.peer, reason, message });
    }
    this.offerPeers.clear();
    this.sender.pending.clear();
    this.receiver.forgetAll();
    for (const active of [...this.sender.active.values(), ...this.receiver.activeTransfers()])
      active.settle({ ok: false, reason, message });
  }
}

const LOST = 'The connection to the room was lost';

/** Why transfers ended with the connection, said once ("lost: lost." when the session's reason is the same words). */
export function connectionLost(message: string): string {
  return message.startsWith(LOST) ? message : `${LOST}: ${message}`;
}
