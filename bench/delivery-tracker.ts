/**
 * Checks every delivered `msg` against what was sent: per receiver and sender a bitmap of sequence numbers (lost,
 * duplicated), the text's characters, sender stamp and embedded send time (corrupted), and a latency histogram.
 */
import type { FrameObject } from '../main/protocol/codec.js';
import { TextFormat, checkLineTail, checkTail, parsed, startsAt } from './bench-text.js';
import { IRC_CHANNEL, type LineDialect, type LineHandler, type LineLoadClient } from './line-client.js';
import type { DeliveryHandler, LoadClient } from './load-client.js';
import { LatencyHistogram, nowUs } from './stats.js';

const FROM_KEY = '"from":"';
const TEXT_KEY = '"text":"';
const QUOTE = 0x22;
const IRC_TEXT_START = ` PRIVMSG ${IRC_CHANNEL} :`;

export class DeliveryTracker implements DeliveryHandler, LineHandler {
  delivered = 0;
  duplicated = 0;
  corrupted = 0;
  /** Messages the server answered with an error instead of delivering. */
  refused = 0;
  lastDeliveryUs = 0;
  readonly latency = new LatencyHistogram();
  /** Deliveries of messages sent before this time (µs) are checked but not timed (warm-up). */
  timeFromUs = 0;
  readonly events: FrameObject[] = [];
  /** Told about every event other than `msg` (left, status, ...) as it arrives. */
  eventListener: ((frame: FrameObject, recvUs: number) => void) | undefined;
  readonly format: TextFormat;

  private readonly seen: Uint8Array;
  /** Send time per sender and sequence; 0 = not sent. */
  private readonly sentAt: Float64Array;
  private readonly sentCount: Uint32Array;
  /** `"from":"<nick>","scope":"room","text":"` per sender: what precedes the text in the server's key order. */
  private readonly textPrefixes: string[];
  /** Line clients: what starts a chat line from each sender (`[nick] ` or `:nick!`). */
  private linePrefixes: string[] = [];
  private lineDialect: LineDialect | undefined;
  /** Whether a sender receives its own messages (IRC servers do not echo them). */
  private echo = true;

  constructor(
    readonly senders: number,
    readonly receivers: number,
    readonly maxMessages: number,
    fillerLength: number,
    private readonly nicks: string[],
  ) {
    this.format = new TextFormat(fillerLength);
    this.seen = new Uint8Array(receivers * senders * maxMessages);
    this.sentAt = new Float64Array(senders * maxMessages);
    this.sentCount = new Uint32Array(senders);
    this.textPrefixes = nicks.map((nick) => `${FROM_KEY}${nick}","scope":"room",${TEXT_KEY}`);
  }

  /** Records a message as sent and returns its text. */
  send(sender: number, seq: number, sentUs: number): string {
    this.sentAt[sender * this.maxMessages + seq] = sentUs;
    this.sentCount[sender]!++;
    return this.format.make(sender, seq, sentUs);
  }

  /** Checks chat lines of this dialect (onLine) instead of frames; IRC has no echo of one's own messages. */
  useLines(dialect: LineDialect): void {
    this.lineDialect = dialect;
    this.echo = dialect === 'text';
    this.linePrefixes = this.nicks.map((nick) => (dialect === 'text' ? `[${nick}] ` : `:${nick}!`));
  }

  /** Deliveries due: every message sent reaches every receiver (including the sender's own echo, if any). */
  get expected(): number {
    let sent = 0;
    for (const count of this.sentCount) sent += count;
    return (sent - this.refused) * (this.echo ? this.receivers : this.receivers - 1);
  }

  get lost(): number {
    return Math.max(0, this.expected - this.delivered);
  }

  get complete(): boolean {
    return this.delivered >= this.expected;
  }

  onMsg(client: LoadClient, raw: string, start: number, end: number, recvUs: number): void {
    const receiver = client.index;
    if (receiver >= this.receivers) return;
    // Fast path: the server's key order puts `from`, `scope`, `text` last; check the text backwards from the end,
    // then everything before it from `"from":"` on in one comparison.
    const textStart = checkTail(this.format, raw, start, end);
    if (textStart < 0) return this.onMsgAnyOrder(receiver, raw, start, end, recvUs);
    const { sender, seq, sentUs } = parsed;
    if (!this.sentAsParsed()) {
      this.corrupted++;
      return;
    }
    const prefix = this.textPrefixes[sender]!;
    if (!startsAt(raw, prefix, textStart - prefix.length) && !this.fromMatches(raw, start, end, this.nicks[sender]!)) {
      this.corrupted++;
      return;
    }
    this.count(receiver, sender, seq, sentUs, recvUs);
  }

  onLine(client: LineLoadClient, raw: string, start: number, end: number, recvUs: number): void {
    const receiver = client.index;
    if (receiver >= this.receivers) return;
    const textStart = checkLineTail(this.format, raw, start, end);
    if (textStart < 0 || !this.sentAsParsed()) {
      this.corrupted++;
      return;
    }
    const { sender, seq, sentUs } = parsed;
    const prefix = this.linePrefixes[sender]!;
    const fromOk =
      this.lineDialect === 'text'
        ? textStart === start + prefix.length && startsAt(raw, prefix, start)
        : startsAt(raw, prefix, start) && startsAt(raw, IRC_TEXT_START, textStart - IRC_TEXT_START.length);
    if (!fromOk) {
      this.corrupted++;
      return;
    }
    this.count(receiver, sender, seq, sentUs, recvUs);
  }

  /** Where the lost deliveries are: how many receivers miss something, and the most any one of them misses. */
  lossDetail(): { receivers: number; worst: number } {
    let receivers = 0;
    let worst = 0;
    for (let r = 0; r < this.receivers; r++) {
      let missing = 0;
      for (let s = 0; s < this.senders; s++) {
        if (!this.echo && s === r) continue;
        const base = (r * this.senders + s) * this.maxMessages;
        for (let seq = 0; seq < this.sentCount[s]!; seq++) if (this.seen[base + seq] === 0) missing++;
      }
      if (missing > 0) receivers++;
      worst = Math.max(worst, missing);
    }
    return { receivers, worst };
  }

  /** Slow path: find the members wherever they are. */
  private onMsgAnyOrder(receiver: number, raw: string, start: number, end: number, recvUs: number): void {
    const textKey = raw.indexOf(TEXT_KEY, start);
    if (
      textKey < 0 ||
      textKey >= end ||
      !this.format.check(raw, textKey + TEXT_KEY.length, end) ||
      !this.sentAsParsed()
    ) {
      this.corrupted++;
      return;
    }
    const { sender, seq, sentUs } = parsed;
    if (!this.fromMatches(raw, start, end, this.nicks[sender]!)) {
      this.corrupted++;
      return;
    }
    this.count(receiver, sender, seq, sentUs, recvUs);
  }

  /** The parsed sender and sequence exist and were sent at exactly the parsed time. */
  private sentAsParsed(): boolean {
    const { sender, seq, sentUs } = parsed;
    return sender < this.senders && seq < this.maxMessages && this.sentAt[sender * this.maxMessages + seq] === sentUs;
  }

  private count(receiver: number, sender: number, seq: number, sentUs: number, recvUs: number): void {
    const slot = (receiver * this.senders + sender) * this.maxMessages + seq;
    if (this.seen[slot] === 1) {
      this.duplicated++;
      return;
    }
    this.seen[slot] = 1;
    this.delivered++;
    this.lastDeliveryUs = recvUs;
    if (sentUs >= this.timeFromUs) this.latency.record(recvUs - sentUs);
  }

  /** Slow path for another key order: find `from` anywhere in the frame. */
  private fromMatches(raw: string, start: number, end: number, nick: string): boolean {
    const fromKey = raw.indexOf(FROM_KEY, start);
    const fromStart = fromKey + FROM_KEY.length;
    return (
      fromKey >= 0 &&
      fromStart + nick.length < end &&
      startsAt(raw, nick, fromStart) &&
      raw.charCodeAt(fromStart + nick.length) === QUOTE
    );
  }

  onEvent(_client: LoadClient, frame: FrameObject): void {
    const recvUs = nowUs();
    if (this.events.length < 10_000) this.events.push({ ...frame, recvUs });
    this.eventListener?.(frame, recvUs);
  }
}
