/**
 * Sending side of a group offer (docs/PROTOCOL.md "Files", "Group offers"): one `file.offer` to `"*"` or a list of
 * nicks; each acceptance is tracked as that receiver's own transfers (progress, verdict); end to end, each accepted
 * receiver's keys are checked and it is sent the offer's content key wrapped for it (`file.key`). When the host says
 * `file.upload`, each file is uploaded once, sealed under the content key; every receiver's transfer of that file
 * shows the upload's progress and then waits for its own verdict.
 */
import type { FileAcceptedEvent, FileUploadEvent, UploadTicket } from '../protocol/file-messages.js';
import { newContentKey, wrapContentKey } from '../security/group-key.js';
import { ActiveTransfer, type Verdict } from './active-transfer.js';
import type { LocalFile } from './local-files.js';
import { checkAnswer, senderKeys, type OfferSecret, type SenderKeys } from './offer-e2e.js';
import { ProgressMeter } from './progress.js';
import type { Sender } from './sender.js';
import type { OutgoingOffer, TransferResult } from './transfer-types.js';

interface GroupState {
  keys: SenderKeys | undefined;
  /** End to end: the one key every file of the offer is sealed under. */
  contentKey: Buffer | undefined;
  /** Each receiver's transfers, by transfer id. */
  receivers: Map<string, ActiveTransfer>;
}

export class GroupSender {
  private readonly states = new Map<string, GroupState>();

  constructor(private readonly sender: Sender) {}

  async offer(to: '*' | string[], files: LocalFile[]): Promise<OutgoingOffer> {
    const keys = senderKeys(this.sender.peers);
    const result = await this.sender.session.request('file.offer', {
      to,
      files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
      ...(keys ? { e2e: keys.e2e } : {}),
    });
    const offer: OutgoingOffer = {
      offer: result.offer,
      to: '*',
      files,
      expiresInMs: result.expiresInMs,
      group: result.to ?? [],
    };
    this.states.set(offer.offer, { keys, contentKey: keys ? newContentKey() : undefined, receivers: new Map() });
    this.sender.pending.set(offer.offer, offer);
    return offer;
  }

  async accepted(offer: OutgoingOffer, event: FileAcceptedEvent): Promise<void> {
    const state = this.states.get(offer.offer);
    if (!state) return;
    const accepted = event.transfers.map((t) => t.index);
    this.sender.events.emit('offer-accepted', { offer: offer.offer, to: event.to, accepted, skipped: event.skipped });
    const mine = event.transfers.map((ticket) => this.sender.track(offer, ticket, event.to));
    for (const active of mine) {
      state.receivers.set(active.info.transfer, active);
      this.sender.active.set(active.info.transfer, active);
    }
    const { session, peers } = this.sender;
    const decision = await checkAnswer(peers, state.keys, offer.offer, event.to, event.e2e);
    if (decision.kind === 'refuse') {
      for (const active of mine) {
        active.settle({ ok: false, reason: 'unverified', message: decision.message });
        session.request('file.cancel', { transfer: active.info.transfer, reason: 'unverified' }).catch(() => undefined);
      }
    } else if (decision.kind === 'e2e' && state.contentKey) {
      const key = wrapContentKey(state.contentKey, offer.files, decision.secret, offer.offer);
      session.request('file.key', { offer: offer.offer, to: event.to, key }).catch(() => undefined);
    }
    for (const active of mine) void this.whenEnded(active);
  }

  /** The answers are in: upload each file once, back to back. */
  async upload(event: FileUploadEvent): Promise<void> {
    const offer = this.sender.pending.get(event.offer);
    const state = this.states.get(event.offer);
    if (!offer || !state) return;
    this.sender.pending.delete(event.offer);
    const secret: OfferSecret | undefined = state.contentKey && { shared: state.contentKey, nonce: state.keys!.nonce };
    const uploads = event.uploads.map((ticket) => this.uploadTransfer(offer, ticket));
    for (const [i, ticket] of event.uploads.entries()) {
      const active = uploads[i]!;
      const file = offer.files[ticket.index]!;
      const receivers = [...state.receivers.values()].filter((r) => r.info.index === ticket.index && !r.verdict);
      for (const receiver of receivers) this.sender.events.emit('started', receiver.info);
      const meter = new ProgressMeter(
        file.size,
        0,
        (p) => {
          for (const receiver of receivers)
            if (!receiver.verdict) this.sender.events.emit('progress', { ...receiver.info, ...p });
        },
        this.sender.timing.progressIntervalMs,
      );
      const following = uploads[i + 1];
      // The next upload's link keeps waiting for its go-ahead until every receiver of this file has reported: the
      // upload's own verdict comes as soon as its bytes are out (pair-wait.ts).
      const reported = new ActiveTransfer(active.info);
      const never: Verdict = { ok: false, reason: 'timeout', message: 'no verdict' };
      void Promise.all(receivers.map((r) => r.waitVerdict(2 ** 31 - 1, never))).then(() =>
        reported.settle({ ok: true }),
      );
      const { verdict } = await this.sender.stream(
        active,
        file,
        file.size,
        meter,
        (remaining) => following?.connectAhead(this.target(), reported, remaining),
        secret,
      );
      meter.flush();
      // The upload's own verdict: the receivers' come from the host, one by one; a local failure stops them all.
      active.settle({ ok: true });
      void verdict.then((v) => {
        if (v.ok) return;
        for (const receiver of receivers) {
          receiver.settle(v);
          this.sender.session
            .request('file.cancel', { transfer: receiver.info.transfer, reason: 'read_failed' })
            .catch(() => undefined);
        }
      });
    }
    this.states.delete(event.offer);
  }

  /** The whole group offer ended before its upload. */
  forget(offer: string): void {
    this.states.delete(offer);
  }

  private target(): Parameters<ActiveTransfer['connect']>[0] {
    const { session, timing } = this.sender;
    return {
      host: session.host,
      port: session.port,
      timeoutMs: timing.dataTimeoutMs,
      credential: (token) => session.dataTicket(token),
    };
  }

  private uploadTransfer(offer: OutgoingOffer, ticket: UploadTicket): ActiveTransfer {
    const file = offer.files[ticket.index]!;
    const active = new ActiveTransfer({
      transfer: ticket.upload,
      offer: offer.offer,
      index: ticket.index,
      direction: 'send',
      peer: '*',
      name: file.name,
      size: file.size,
      offset: 0,
    });
    active.token = ticket.token;
    return active;
  }

  /** One receiver's transfer: its verdict from the host (`file.done` or `file.ended`), then the `ended` event. */
  private async whenEnded(active: ActiveTransfer): Promise<void> {
    const { info } = active;
    const { timing } = this.sender;
    const verdict = await active.waitVerdict(timing.verdictTimeoutMs * 10, {
      ok: false,
      reason: 'timeout',
      message: `${info.peer} did not confirm ${info.name} in time.`,
    });
    this.sender.active.delete(info.transfer);
    const result: TransferResult = verdict.ok
      ? {
          ...info,
          ok: true,
          message: `${info.name} ${info.size} bytes sent, SHA-256 verified by ${info.peer}`,
          keptForResume: false,
          bytes: info.size,
        }
      : { ...info, ok: false, reason: verdict.reason, message: verdict.message, keptForResume: false, bytes: 0 };
    this.sender.events.emit('ended', result);
  }
}
