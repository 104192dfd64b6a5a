/**
 * One incoming offer on the receiving side, as a state machine with explicit phases:
 *
 *   arriving ──show──▶ pending ──take──▶ answering ──receiving──▶ receiving ──end──▶ over
 *      │                  │                  └───────────end (refused, no space, the answer failed)──▶ over
 *      └─────forget───────┴──decline/forget──▶ over
 *
 * `arriving`: kept `.part` files are being looked up, the offer is not shown yet. `pending`: shown, waiting for the
 * user. `answering`: accepted, free space checked and the host asked for tickets; a transfer the host ends now is
 * remembered until its ticket is tracked. `receiving`: its files arrive one after the other. `over`: nothing more
 * happens to it (the receiver forgets it).
 */
import type { TransferTicket } from '../protocol/file-messages.js';
import { ActiveTransfer, type Verdict } from './active-transfer.js';
import type { OfferSecret } from './offer-e2e.js';
import { TransferError } from './transfer-error.js';
import type { IncomingOffer } from './transfer-types.js';

export type OfferPhase = 'arriving' | 'pending' | 'answering' | 'receiving' | 'over';

export function offerNotPending(): TransferError {
  return new TransferError('offer_not_pending', 'That offer is no longer waiting for an answer.');
}

export class IncomingOfferState {
  private phaseValue: OfferPhase = 'arriving';
  private shown: IncomingOffer | undefined;
  /** Final names of kept `.part` files that this offer can resume, by file index. */
  readonly resumeNames = new Map<number, string>();
  /** The kept `.part` files this offer's transfers resume (locked against a second resume). */
  locked: string[] = [];
  /** Its transfers still running or waiting for their turn, by transfer id. */
  readonly transfers = new Map<string, ActiveTransfer>();
  /** End to end: the sender's verified ephemeral key and offer nonce (undefined: raw bytes). */
  e2eOffer: { eph: Buffer; nonce: Buffer } | undefined;
  /** End to end: the offer's secret, once we answered with our own keys. */
  secret: OfferSecret | undefined;
  /** A group offer (received from offset 0; end to end, its files are sealed under the content key of `file.key`). */
  group = false;
  /** Group and end to end: settles with the content-key secret once the sender's `file.key` opened. */
  readonly groupSecret: Promise<OfferSecret>;
  resolveGroupSecret: (secret: OfferSecret) => void = () => undefined;
  /** Verdicts that came while answering, before their transfer was tracked. */
  private readonly endedEarly = new Map<string, Verdict>();

  constructor(readonly id: string) {
    this.groupSecret = new Promise((resolve) => (this.resolveGroupSecret = resolve));
  }

  get phase(): OfferPhase {
    return this.phaseValue;
  }

  /** The offer as shown to the user (once past `arriving`). */
  get offer(): IncomingOffer {
    if (!this.shown) throw offerNotPending();
    return this.shown;
  }

  /** arriving → pending. False when it was forgotten meanwhile: it must never be shown. */
  show(offer: IncomingOffer): boolean {
    if (this.phaseValue !== 'arriving') return false;
    this.shown = offer;
    this.phaseValue = 'pending';
    return true;
  }

  /** pending → answering: the caller answers it now (accepting). */
  take(): IncomingOffer {
    if (this.phaseValue !== 'pending') throw offerNotPending();
    this.phaseValue = 'answering';
    return this.offer;
  }

  /** pending → over: the caller declines it. */
  decline(): void {
    if (this.phaseValue !== 'pending') throw offerNotPending();
    this.phaseValue = 'over';
  }

  /** The host ended it before it was answered: arriving or pending → over. False once answering or later. */
  forget(): boolean {
    if (this.phaseValue !== 'arriving' && this.phaseValue !== 'pending') return false;
    this.phaseValue = 'over';
    return true;
  }

  /** answering: tracks one of the host's tickets, settled at once if the host already ended that transfer. */
  track(ticket: TransferTicket): ActiveTransfer {
    const file = this.offer.files[ticket.index]!;
    const active = new ActiveTransfer({
      transfer: ticket.transfer,
      offer: this.id,
      index: ticket.index,
      direction: 'receive',
      peer: this.offer.from,
      name: file.safeName,
      size: file.size,
      offset: ticket.offset,
    });
    active.token = ticket.token;
    const early = this.endedEarly.get(ticket.transfer);
    this.endedEarly.delete(ticket.transfer);
    if (early) active.settle(early);
    this.transfers.set(ticket.transfer, active);
    return active;
  }

  /** answering → receiving: every ticket is tracked. */
  receiving(): void {
    if (this.phaseValue !== 'answering') return;
    this.phaseValue = 'receiving';
    this.endedEarly.clear();
  }

  /** The host's word on one of its transfers. */
  verdict(transfer: string, verdict: Verdict): void {
    const active = this.transfers.get(transfer);
    if (active) active.settle(verdict);
    else if (this.phaseValue === 'answering') this.endedEarly.set(transfer, verdict);
  }

  /** One of its transfers ended (its result is being reported). */
  finished(transfer: string): void {
    this.transfers.delete(transfer);
  }

  /** Any phase → over: refused, failed to answer, or every accepted file ended. */
  end(): void {
    this.phaseValue = 'over';
    this.endedEarly.clear();
  }
}
