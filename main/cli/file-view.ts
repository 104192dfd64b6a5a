/**
 * File sending in the terminal client, on the transfer engine (main/transfer): `/filesend`, `/cancel`, y/n for
 * offers, and the course's lines (`[atom] wants to send you data.txt (765 bytes). Accept? (y/n)`,
 * `data.txt 765 bytes received, SHA-256 verified`). Progress is printed at each quarter (a line per percent would
 * flood a piped transcript); the TTY prompt shows the live percentage.
 */
import type { FileTransfers } from '../transfer/file-transfers.js';
import { formatBytes, formatError, formatFileOffer, safeText } from './format.js';
import type { PromptQueue } from './prompts.js';

export class FileView {
  /** Percent done of each running transfer, for the TTY prompt. */
  private readonly running = new Map<string, { name: string; percent: number }>();

  constructor(
    private readonly files: FileTransfers,
    private readonly print: (text: string) => void,
    prompts: PromptQueue,
    private readonly progressChanged: () => void = () => {},
  ) {
    files.on('offer', (offer) => {
      prompts.add({
        kind: 'file',
        id: offer.offer,
        from: offer.from,
        files: offer.files.length,
        answer: (choice) =>
          choice === false
            ? files.decline(offer.offer)
            : files.accept(offer.offer, choice === true ? undefined : choice),
      });
      print(formatFileOffer(offer.from, offer.files));
    });
    files.on('offer-ended', ({ offer, direction, peer, reason, message }) => {
      prompts.removeFile(offer);
      if (direction === 'send' && reason === 'declined') print(`[${safeText(peer)}] declined the file.`);
      else print(formatError(message));
    });
    files.on('progress', ({ transfer, name, percent, bytes, bytesPerSecond }) => {
      const before = this.running.get(transfer)?.percent ?? 0;
      this.running.set(transfer, { name, percent });
      if (Math.floor(before) !== Math.floor(percent)) progressChanged();
      const quarter = Math.floor(percent / 25);
      if (quarter > Math.floor(before / 25) && quarter < 4) {
        print(`${safeText(name)}: ${quarter * 25}% (${bytes} bytes, ${formatBytes(bytesPerSecond)}/s)`);
      }
    });
    files.on('started', ({ direction, peer, name, offset }) => {
      const resumed = offset > 0 ? ` (resuming at ${formatBytes(offset)})` : '';
      print(
        direction === 'send'
          ? `Sending ${safeText(name)} to [${safeText(peer)}]${resumed}`
          : `Receiving ${safeText(name)} from [${safeText(peer)}]${resumed}`,
      );
    });
    files.on('ended', (result) => {
      if (this.running.delete(result.transfer)) progressChanged();
      const name = safeText(result.name);
      if (!result.ok) {
        const kept = result.keptForResume ? ' The partial file is kept; the same offer resumes where it stopped.' : '';
        print(formatError(`${name}: ${result.message}${kept}`));
      } else if (result.direction === 'send') {
        print(`${name} ${result.size} bytes sent, SHA-256 verified by [${safeText(result.peer)}]`);
      } else {
        print(`${name} ${result.size} bytes received, SHA-256 verified. Saved to ${safeText(result.path ?? '?')}`);
      }
    });
  }

  /** `data.txt 45%`, or `3 files 45%` (overall), or '' when nothing is running. */
  progressText(): string {
    const items = [...this.running.values()];
    if (items.length === 0) return '';
    const percent = Math.floor(items.reduce((sum, item) => sum + item.percent, 0) / items.length);
    return items.length === 1 ? `${safeText(items[0]?.name ?? '')} ${percent}%` : `${items.length} files ${percent}%`;
  }

  /** Our offers waiting for an answer plus transfers running, in both directions. */
  busyCount(): number {
    return this.files.transfers().length + this.files.outgoingOffers().length;
  }

  /** Resolves once nothing is waiting or running; every offer and transfer ends by itself (answer, expiry, stall). */
  async whenIdle(): Promise<void> {
    while (this.busyCount() > 0) {
      await new Promise<void>((resolve) => {
        const offs = [this.files.on('ended', done), this.files.on('offer-ended', done)];
        function done(): void {
          for (const off of offs) off();
          resolve();
        }
      });
    }
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
        ...this.files
          .transfers()
          .filter((item) => item.peer.toLowerCase() === peer)
          .map((item) => item.transfer),
        ...this.files
          .outgoingOffers()
          .filter((offer) => offer.to.toLowerCase() === peer)
          .map((offer) => offer.offer),
        ...this.files
          .incomingOffers()
          .filter((offer) => offer.from.toLowerCase() === peer)
          .map((offer) => offer.offer),
      ]);
      if (ids.size === 0) ids.add(target);
      for (const id of ids) count += await this.files.cancel(id);
    }
    if (count === 0)
      this.print(
        formatError(
          target === undefined
            ? 'No file transfer to cancel.'
            : `No file offer or transfer with "${safeText(target)}".`,
        ),
      );
    else this.print(`Cancelled ${count} file offer${count === 1 ? '' : 's'} or transfer${count === 1 ? '' : 's'}.`);
  }
}
