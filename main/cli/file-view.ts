/**
 * File sending in the terminal client, on the transfer engine (main/transfer): `/filesend`, `/cancel`, y/n for
 * offers, and course-style lines (`[user2]님에게 data.txt 전송중`, `data.txt 765 bytes 수신 완료.`).
 * Progress is not printed line by line (it would flood a piped transcript); start and end are.
 */
import type { FileTransfers } from '../transfer/file-transfers.js';
import { formatBytes, formatError, formatFileOffer, safeText } from './format.js';
import type { PromptQueue } from './prompts.js';

export class FileView {
  constructor(
    private readonly files: FileTransfers,
    private readonly print: (text: string) => void,
    prompts: PromptQueue,
  ) {
    files.on('offer', (offer) => {
      prompts.add({
        kind: 'file',
        id: offer.offer,
        from: offer.from,
        answer: (accept) => (accept ? files.accept(offer.offer) : files.decline(offer.offer)),
      });
      print(formatFileOffer(offer.from, offer.files));
    });
    files.on('offer-ended', ({ offer, direction, peer, reason, message }) => {
      prompts.removeFile(offer);
      if (direction === 'send' && reason === 'declined') print(`[${safeText(peer)}]님이 파일 수신을 거부했습니다.`);
      else print(formatError(message));
    });
    files.on('started', ({ direction, peer, name, offset }) => {
      const resumed = offset > 0 ? ` (resuming at ${formatBytes(offset)})` : '';
      print(direction === 'send' ? `[${safeText(peer)}]님에게 ${safeText(name)} 전송중${resumed}` : `[${safeText(peer)}]에서 ${safeText(name)} 수신중.${resumed}`);
    });
    files.on('ended', (result) => {
      const name = safeText(result.name);
      if (!result.ok) {
        const kept = result.keptForResume ? ' The partial file is kept; the same offer resumes where it stopped.' : '';
        print(formatError(`${name}: ${result.message}${kept}`));
      } else if (result.direction === 'send') {
        print(`${name} ${result.size} bytes 전송 완료. (SHA-256 verified by ${safeText(result.peer)})`);
      } else {
        print(`${name} ${result.size} bytes 수신 완료. (SHA-256 verified) Saved to ${safeText(result.path ?? '?')}`);
      }
    });
  }

  async send(to: string, paths: readonly string[]): Promise<void> {
    const offer = await this.files.send(to, paths);
    const names = offer.files.map((file) => `${safeText(file.name)} (${formatBytes(file.size)})`).join(', ');
    this.print(`Offered ${names} to [${safeText(offer.to)}]; waiting for them to accept.`);
  }

  /** Cancels everything of ours, or what is shared with one user (by nick), or one offer or transfer (by id). */
  async cancel(target?: string): Promise<void> {
    let count = 0;
    if (target === undefined) {
      count = await this.files.cancel();
    } else {
      const peer = target.toLowerCase();
      const ids = new Set<string>([
        ...this.files.transfers().filter((item) => item.peer.toLowerCase() === peer).map((item) => item.transfer),
        ...this.files.outgoingOffers().filter((offer) => offer.to.toLowerCase() === peer).map((offer) => offer.offer),
        ...this.files.incomingOffers().filter((offer) => offer.from.toLowerCase() === peer).map((offer) => offer.offer),
      ]);
      if (ids.size === 0) ids.add(target);
      for (const id of ids) count += await this.files.cancel(id);
    }
    if (count === 0) this.print(formatError(target === undefined ? 'No file transfer to cancel.' : `No file offer or transfer with "${safeText(target)}".`));
    else this.print(`Cancelled ${count} file offer${count === 1 ? '' : 's'} or transfer${count === 1 ? '' : 's'}.`);
  }
}
