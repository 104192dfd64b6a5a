/**
 * Checks every delivered `msg` against what was sent: per receiver and sender a bitmap of sequence numbers (lost,
 * duplicated), the text's characters, sender stamp and embedded send time (corrupted), and a latency histogram.
 */
import type { FrameObject } from '../main/protocol/codec.js';
import { TextFormat, parsed } from './bench-text.js';
import type { DeliveryHandler, LoadClient } from './load-client.js';
import { LatencyHistogram, nowUs } from './stats.js';

const FROM_KEY = '"from":"';
const TEXT_KEY = '"text":"';
const QUOTE = 0x22;

export class DeliveryTracker implements DeliveryHandler {
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
  readonly format: TextFormat;

  private readonly seen: Uint8Array;
  /** Send time per sender and sequence; 0 = not sent. */
  private readonly sentAt: Float64Array;
  private readonly sentCount: Uint32Array;
  /** `"from":"<nick>","scope":"room",` per sender: what precedes the text in the server's usual key order. */
  private readonly fromSegments: string[];

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
    this.fromSegments = nicks.map((nick) => `${FROM_KEY}${nick}","scope":"room",`);
  }

  /** Records a message as sent and returns its text. */
  send(sender: number, seq: number, sentUs: number): string {
    this.sentAt[sender * this.maxMessages + seq] = sentUs;
    this.sentCount[sender]!++;
    return this.format.make(sender, seq, sentUs);
  }

  /** Deliveries due: every message sent reaches every receiver (including the sender's own echo). */
  get expected(): number {
    let sent = 0;
    for (const count of this.sentCount) sent += count;
    return (sent - this.refused) * this.receivers;
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
    // The text is the last member in the server's key order; searching backwards from the end is the short way.
    // (A key cannot occur unescaped inside a string value, so this finds the real `text` member.)
    let textKey = raw.lastIndexOf(TEXT_KEY, end - TEXT_KEY.length);
    if (textKey < start) textKey = raw.indexOf(TEXT_KEY, start);
    if (textKey < 0 || textKey >= end || !this.format.check(raw, textKey + TEXT_KEY.length, end)) {
      this.corrupted++;
      return;
    }
    const { sender, seq, sentUs } = parsed;
    if (sender >= this.senders || seq >= this.maxMessages || this.sentAt[sender * this.maxMessages + seq] !== sentUs) {
      this.corrupted++;
      return;
    }
    const segment = this.fromSegments[sender]!;
    if (!raw.startsWith(segment, textKey - segment.length) && !this.fromMatches(raw, start, end, this.nicks[sender]!)) {
      this.corrupted++;
      return;
    }
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
    return fromKey >= 0 && fromStart + nick.length < end && raw.startsWith(nick, fromStart) && raw.charCodeAt(fromStart + nick.length) === QUOTE;
  }

  onEvent(_client: LoadClient, frame: FrameObject): void {
    if (this.events.length < 10_000) this.events.push({ ...frame, recvUs: nowUs() });
  }
}
