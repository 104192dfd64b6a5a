/**
 * File sending in the terminal client, on the transfer engine (main/transfer): `/filesend`, `/cancel`, y/n for
 * offers, and the course's lines (`[atom] wants to send you data.txt (765 bytes). Accept? (y/n)`,
 * `data.txt 765 bytes received, SHA-256 verified`). Progress is printed at each quarter (a line per percent would
 * flood a piped transcript); the TTY prompt shows the live percentage. In a Korean session the lines use the course's
 * wording (file-words.ts). Counts the files we sent or accepted that did not arrive verified (exit code 3).
 */
import type { FileTransfers } from '../transfer/file-transfers.js';
import { formatBytes, formatError, safeText } from './format.js';
import { fileWords, type Language } from './file-words.js';
import type { PromptQueue } from './prompts.js';

export class FileView {
  /** Percent done of each running transfer, for the TTY prompt. */
  private readonly running = new Map<string, { name: string; percent: number }>();
  /** Transfers that ended: a progress report arriving after the end must not bring one back into the prompt. */
  private readonly finished = new Set<string>();
  /** File names of our offers, by offer id. */
  private readonly offered = new Map<string, string[]>();
  /** Offers (and their transfers) we cancelled ourselves: their end is not an error. */
  private readonly cancelledHere = new Set<string>();
  private undeliveredCount = 0;

  constructor(
    private readonly files: FileTransfers,
    private readonly print: (text: string) => void,
    prompts: PromptQueue,
    private readonly progressChanged: () => void = () => {},
    language: Language = 'en',
  ) {
    const words = fileWords(language);
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
      print(words.offer(offer.from, offer.files));
    });
    files.on('offer-ended', ({ offer, direction, peer, reason, message }) => {
      prompts.removeFile(offer);
      if (direction === 'send') this.undeliveredCount += this.offered.get(offer)?.length ?? 1;
      if (direction === 'send' && reason === 'declined') print(words.declinedBy(peer));
      else if (direction === 'receive' && reason === 'declined') print(words.youDeclined(peer));
      else if (reason === 'cancelled' && this.cancelledHere.has(offer)) return;
      else print(formatError(message));
    });
    files.on('offer-accepted', ({ offer, to, skipped }) => {
      if (skipped.length === 0) return;
      this.undeliveredCount += skipped.length;
      const names = this.offered.get(offer);
      print(
        words.skipped(
          to,
          skipped.map((index) => names?.[index] ?? `#${index + 1}`),
        ),
      );
    });
    files.on('progress', ({ transfer, name, percent, bytes, bytesPerSecond }) => {
      if (this.finished.has(transfer)) return;
      const before = this.running.get(transfer)?.percent ?? 0;
      this.running.set(transfer, { name, percent });
      if (Math.floor(before) !== Math.floor(percent)) progressChanged();
      const quarter = Math.floor(percent / 25);
      if (quarter > Math.floor(before / 25) && quarter < 4) {
        const rate = bytesPerSecond > 0 ? `, ${formatBytes(bytesPerSecond)}/s` : '';
        print(`${safeText(name)}: ${quarter * 25}% (${bytes} bytes${rate})`);
      }
    });
    files.on('started', ({ direction, peer, name, offset }) => {
      const resumed = offset > 0 ? ` (resuming at ${formatBytes(offset)})` : '';
      print(direction === 'send' ? words.sending(peer, name, resumed) : words.receiving(peer, name, resumed));
    });
    files.on('ended', (result) => {
      this.finished.add(result.transfer);
      if (this.running.delete(result.transfer)) progressChanged();
      if (!result.ok) {
        this.undeliveredCount++;
        if (result.reason === 'cancelled' && this.cancelledHere.has(result.offer))
          return print(words.cancelled(result.name));
        const kept = result.keptForResume ? ' The partial file is kept; the same offer resumes where it stopped.' : '';
        print(formatError(`${safeText(result.name)}: ${result.message}${kept}`));
      } else if (result.direction === 'send') {
        print(words.sent(result.name, result.size, result.peer));
      } else {
        print(words.received(result.name, result.size, result.path ?? '?'));
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

  /** Files we offered or accepted that did not arrive verified (declined, skipped, cancelled, failed). */
  undelivered(): number {
    return this.undeliveredCount;
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

  /** `to` a nick, or `*`: everyone else in the room (a group offer: each answers, the files go up once). */
  async send(to: string, paths: readonly string[]): Promise<void> {
    const offer = to === '*' ? await this.files.sendGroup('*', paths) : await this.files.send(to, paths);
    this.offered.set(
      offer.offer,
      offer.files.map((file) => file.name),
    );
    const names = offer.files.map((file) => `${safeText(file.name)} (${formatBytes(file.size)})`).join(', ');
    if (offer.group) {
      const people = offer.group.map((nick) => `[${safeText(nick)}]`).join(', ');
      this.print(`Offered ${names} to everyone in the room (${people}); each of them accepts or declines.`);
    } else this.print(`Offered ${names} to [${safeText(offer.to)}]; waiting for them to accept.`);
  }

  /** Cancels everything of ours, or what is shared with one user (by nick), or one offer or transfer (by id). */
  async cancel(target?: string): Promise<void> {
    let count = 0;
    const peer = target?.toLowerCase();
    for (const item of [...this.files.transfers(), ...this.files.outgoingOffers()]) {
      const other = 'peer' in item ? item.peer : item.to;
      const id = 'transfer' in item ? item.transfer : item.offer;
      if (target === undefined || other.toLowerCase() === peer || target === item.offer || target === id)
        this.cancelledHere.add(item.offer);
    }
    if (target === undefined) {
      count = await this.files.cancel();
    } else {
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
