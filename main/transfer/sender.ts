/**
 * Sending side: offers files, and once the receiver accepts, streams each accepted file in turn over its own data
 * connection (256 KiB reads, socket backpressure), then waits for the receiver's verification. With identities on
 * both sides the offer carries signed keys and each file goes sealed (offer-e2e.ts, security/file-crypto.ts).
 */
import { createReadStream } from 'node:fs';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { TypedEmitter } from '../client/typed-emitter.js';
import type { FileAcceptedEvent, TransferTicket } from '../protocol/file-messages.js';
import { recordSealer } from '../security/file-crypto.js';
import { ActiveTransfer, linkTarget, type Verdict } from './active-transfer.js';
import type { E2ePeers } from './e2e-context.js';
import { FILE_CHUNK_BYTES } from './hash.js';
import type { LocalFile } from './local-files.js';
import { checkAnswer, senderKeys, streamParams, type OfferSecret, type SenderKeys } from './offer-e2e.js';
import { ProgressMeter } from './progress.js';
import { GroupSender } from './group-sender.js';
import { sendSealed } from './sealed-send.js';
import { isTransferError, TransferError } from './transfer-error.js';
import type { OutgoingOffer, TransferEvents, TransferResult, TransferSession } from './transfer-types.js';
import type { TransferTiming } from './transfer-timing.js';

/** Writes `source` into `socket` and half-closes it; resolves once every byte is handed to the kernel. */
function pump(source: Readable, socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = (): TransferError => new TransferError('link_closed', 'the data connection closed');
    const onClose = (): void => reject(closed());
    let sourceEnded = false;
    source.once('end', () => {
      sourceEnded = true;
    });
    socket.once('close', onClose);
    // 'finish' also follows when the host closes its side early (the socket then ends ours): only a finish after
    // the whole file was read is a success.
    socket.once('finish', () => {
      socket.off('close', onClose);
      if (sourceEnded) resolve();
      else reject(closed());
    });
    source.once('error', (error) => {
      socket.off('close', onClose);
      reject(new TransferError('read_failed', error.message, { cause: error }));
    });
    source.pipe(socket);
  });
}

export class Sender {
  readonly pending = new Map<string, OutgoingOffer>();
  readonly active = new Map<string, ActiveTransfer>();
  /** Our end-to-end keys of each pending offer (none: raw bytes). */
  private readonly keys = new WeakMap<OutgoingOffer, SenderKeys>();

  /** Offers to several people at once, uploaded once (group-sender.ts). */
  readonly group: GroupSender;

  constructor(
    readonly session: TransferSession,
    readonly events: TypedEmitter<TransferEvents>,
    readonly timing: TransferTiming,
    readonly peers: E2ePeers,
  ) {
    this.group = new GroupSender(this);
  }

  async offer(to: string, files: LocalFile[]): Promise<OutgoingOffer> {
    const keys = senderKeys(this.peers);
    const result = await this.session.request('file.offer', {
      to,
      files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
      ...(keys ? { e2e: keys.e2e } : {}),
    });
    const offer: OutgoingOffer = { offer: result.offer, to, files, expiresInMs: result.expiresInMs };
    if (keys) this.keys.set(offer, keys);
    this.pending.set(offer.offer, offer);
    return offer;
  }

  async accepted(event: FileAcceptedEvent): Promise<void> {
    const offer = this.pending.get(event.offer);
    if (!offer) return;
    if (offer.group) return this.group.accepted(offer, event);
    this.pending.delete(event.offer);
    const accepted = event.transfers.map((t) => t.index);
    this.events.emit('offer-accepted', { offer: offer.offer, to: event.to, accepted, skipped: event.skipped });
    for (const ticket of event.transfers) this.active.set(ticket.transfer, this.track(offer, ticket, event.to));
    const decision = await checkAnswer(this.peers, this.keys.get(offer), offer.offer, event.to, event.e2e);
    if (decision.kind === 'refuse') {
      for (const ticket of event.transfers) {
        this.active.get(ticket.transfer)?.settle({ ok: false, reason: 'unverified', message: decision.message });
      }
      this.session.request('file.cancel', { offer: offer.offer, reason: 'unverified' }).catch(() => undefined);
    }
    const secret = decision.kind === 'e2e' ? decision.secret : undefined;
    // Files go one after the other, back to back: the next one's connection opens during this one's last MiB, and
    // it starts as soon as this one's bytes are out, while their verification (the receiver's hash and rename, and
    // its word back through the host) is still on its way.
    const endings: Promise<void>[] = [];
    for (const [i, ticket] of event.transfers.entries()) {
      const following = event.transfers[i + 1];
      endings.push((await this.sendOne(offer, ticket, secret, following && this.active.get(following.transfer))).ended);
    }
    await Promise.all(endings);
  }

  /** The host ended one transfer (or said it was verified). Transfers waiting for their turn are settled too. */
  verdict(transfer: string, verdict: Verdict): void {
    this.active.get(transfer)?.settle(verdict);
  }

  track(offer: OutgoingOffer, ticket: TransferTicket, peer: string): ActiveTransfer {
    const file = offer.files[ticket.index]!;
    const active = new ActiveTransfer({
      transfer: ticket.transfer,
      offer: offer.offer,
      index: ticket.index,
      direction: 'send',
      peer,
      name: file.name,
      size: file.size,
      offset: ticket.offset,
    });
    active.token = ticket.token;
    return active;
  }

  /**
   * Resolves once the file's bytes are out (or it failed); `ended` settles with the verdict and the `ended` event.
   * `following` (the offer's next transfer) connects while this file's last bytes are sent.
   */
  private async sendOne(
    offer: OutgoingOffer,
    ticket: TransferTicket,
    secret: OfferSecret | undefined,
    following?: ActiveTransfer,
  ): Promise<{ ended: Promise<void> }> {
    const active = this.active.get(ticket.transfer);
    if (!active) return { ended: Promise.resolve() };
    const { info } = active;
    const file = offer.files[ticket.index]!;
    const length = file.size - ticket.offset;
    const meter = new ProgressMeter(
      file.size,
      ticket.offset,
      (p) => this.events.emit('progress', { ...info, ...p }),
      this.timing.progressIntervalMs,
    );
    let outcome: Promise<Verdict>;
    if (active.verdict) outcome = Promise.resolve(active.verdict);
    else {
      this.events.emit('started', info);
      const target = linkTarget(this.session, this.timing);
      const connectNext = (remaining: number): void => following?.connectAhead(target, active, remaining);
      outcome = (await this.stream(active, file, length, meter, connectNext, secret)).verdict;
    }
    const ended = outcome.then((verdict) => {
      this.active.delete(ticket.transfer);
      if (verdict.ok) meter.set(file.size); // verified: every byte arrived, whatever the last count said
      meter.flush();
      const result: TransferResult = verdict.ok
        ? {
            ...info,
            ok: true,
            message: `${file.name} ${file.size} bytes sent, SHA-256 verified by ${info.peer}`,
            keptForResume: false,
            bytes: meter.done,
          }
        : {
            ...info,
            ok: false,
            reason: verdict.reason,
            message: verdict.message,
            keptForResume: false,
            bytes: meter.done,
          };
      this.events.emit('ended', result);
    });
    return { ended };
  }

  /** Streams the file; resolves when its bytes are out (or it failed), with the host's verdict still to come. */
  async stream(
    active: ActiveTransfer,
    file: LocalFile,
    length: number,
    meter: ProgressMeter,
    connectNext: (remaining: number) => void,
    secret: OfferSecret | undefined,
  ): Promise<{ verdict: Promise<Verdict> }> {
    const { info } = active;
    try {
      const { socket, ready } = await active.connect(linkTarget(this.session, this.timing)).promise;
      active.socket = socket;
      let sent = 0;
      connectNext(length);
      // Progress is what reached the receiver's side: the host counts it (`file.progress`, in bytes of the stream it
      // relays, sealed or raw). A host without that count: the bytes we read and wrote, as before.
      const hostCounts = ready.progress === true;
      if (hostCounts && ready.length > 0) {
        active.onHostProgress = (bytes) =>
          meter.set(info.offset + Math.floor((length * Math.min(bytes, ready.length)) / ready.length));
      }
      const onRead = (bytes: number): void => {
        sent += bytes;
        if (!hostCounts) meter.add(bytes);
        connectNext(length - sent);
      };
      if (secret) {
        // End to end: the salt, then the file's records (one empty final record for no bytes), read into reused buffers.
        const sealer = recordSealer(streamParams(secret, info.index, info.offset, length));
        await sendSealed(file.path, info.offset, length, sealer, socket, onRead);
      } else {
        const source =
          length === 0
            ? undefined
            : createReadStream(file.path, {
                start: info.offset,
                end: info.offset + length - 1,
                highWaterMark: FILE_CHUNK_BYTES,
              });
        source?.on('data', (chunk) => onRead(chunk.length));
        if (source) await pump(source, socket);
        else await new Promise<void>((resolve) => socket.end(resolve));
      }
      if (sent !== length) {
        return {
          verdict: Promise.resolve(
            this.giveUp(
              active,
              'read_failed',
              `${file.name} changed on disk while it was being sent (${sent} of ${length} bytes read).`,
            ),
          ),
        };
      }
      return {
        verdict: active.waitVerdict(this.timing.verdictTimeoutMs, {
          ok: false,
          reason: 'timeout',
          message: `${info.peer} did not confirm ${file.name} in time.`,
        }),
      };
    } catch (error) {
      if (isTransferError(error, 'read_failed')) {
        return {
          verdict: Promise.resolve(
            this.giveUp(active, 'read_failed', `${file.name} could not be read: ${error.message}`),
          ),
        };
      }
      // The data connection broke: the host says why (the other side left, cancelled...), or it was a cut.
      const message = `The connection carrying ${file.name} was cut: ${(error as Error).message}`;
      // Waited for here, not in the background: a broken link usually means the rest of the offer ends too.
      const verdict = await active.waitVerdict(
        this.timing.verdictGraceMs,
        { ok: false, reason: 'interrupted', message },
        () => {
          this.session
            .request('file.cancel', { transfer: active.info.transfer, reason: 'interrupted' })
            .catch(() => undefined);
        },
      );
      return { verdict: Promise.resolve(verdict) };
    }
  }

  private giveUp(active: ActiveTransfer, reason: 'read_failed', message: string): Verdict {
    active.settle({ ok: false, reason, message });
    this.session.request('file.cancel', { transfer: active.info.transfer, reason }).catch(() => undefined);
    return active.verdict!;
  }
}
