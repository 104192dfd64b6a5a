/**
 * Native notifications while the window is not focused: a whisper or 1:1 message to me, a 1:1 request, a file
 * offer, the end of the files an offer brought me, a mention of my nickname in the room. Clicking one focuses the
 * window and tells the UI where to go.
 */
import type { FocusTarget, IncomingOffer, Language, RoomEvent } from '@contract/ipc-contract';

export interface NotifierDeps {
  enabled(): boolean;
  language(): Language;
  myNick(): string | undefined;
  isFocused(): boolean;
  notify(notification: { title: string; body: string; onClick: () => void }): void;
  focus(target: FocusTarget): void;
}

const TEXT = {
  en: {
    whisper: (from: string) => `Whisper from ${from}`,
    dm: (from: string) => `${from} (1:1)`,
    mention: (from: string) => `${from} mentioned you`,
    withRequest: (from: string) => `${from} asks for a 1:1 conversation`,
    withBody: 'Open Sarangbang to accept or decline.',
    offer: (from: string, n: number) => `${from} wants to send you ${n === 1 ? 'a file' : `${n} files`}`,
    received: (from: string, n: number) =>
      n === 1 ? `File received from ${from}` : `${n} files received from ${from}`,
    someFailed: (from: string, failed: number, n: number) => `${failed} of ${n} files from ${from} did not arrive`,
  },
  ko: {
    whisper: (from: string) => `[귓속말] ${from}`,
    dm: (from: string) => `${from} (1:1 대화)`,
    mention: (from: string) => `${from}님이 회원님을 언급했습니다`,
    withRequest: (from: string) => `${from}님이 1:1 대화를 요청했습니다`,
    withBody: '사랑방을 열어 수락하거나 거절하세요.',
    offer: (from: string, n: number) => `${from}님이 파일 ${n}개를 보내려고 합니다`,
    received: (from: string, n: number) => `${from}님이 보낸 파일 ${n}개를 받았습니다`,
    someFailed: (from: string, failed: number, n: number) =>
      `${from}님이 보낸 파일 ${n}개 중 ${failed}개를 받지 못했습니다`,
  },
} as const;

/** The files of one offer I received, by name, once none is still running. */
export interface ReceivedFiles {
  from: string;
  verified: string[];
  failed: string[];
}

const BODY_CHARS = 200;

function clip(text: string): string {
  const chars = [...text];
  return chars.length > BODY_CHARS ? `${chars.slice(0, BODY_CHARS - 1).join('')}…` : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when `text` names `nick` (case-insensitive, optional leading `@`). It must start a word; after it, a Latin
 * letter or digit means a longer word ("atomic"), but Korean particles attach directly ("atom님", "철수야").
 */
export function mentions(text: string, nick: string): boolean {
  if (!nick) return false;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escapeRegExp(nick.normalize('NFC'))}(?=$|[^A-Za-z0-9_])`, 'iu');
  return pattern.test(text.normalize('NFC'));
}

export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  onRoomEvent(event: RoomEvent): void {
    const me = this.deps.myNick();
    const t = TEXT[this.deps.language()];
    if (event.t === 'msg') {
      if (!me || event.from.toLowerCase() === me.toLowerCase()) return;
      if (event.scope === 'whisper')
        this.show(t.whisper(event.from), event.text, { kind: 'whisper', peer: event.from });
      else if (event.scope === 'dm') this.show(t.dm(event.from), event.text, { kind: 'dm', peer: event.from });
      else if (mentions(event.text, me)) this.show(t.mention(event.from), event.text, { kind: 'room' });
    } else if (event.t === 'with.request') {
      this.show(t.withRequest(event.from), t.withBody, { kind: 'with.request', from: event.from });
    }
  }

  onOffer(offer: IncomingOffer): void {
    if (offer.autoAccepted) return;
    const t = TEXT[this.deps.language()];
    const names = offer.files.map((f) => f.name).join(', ');
    this.show(t.offer(offer.from, offer.files.length), names, { kind: 'offer', offerId: offer.offerId });
  }

  /** Every file I accepted from one offer has ended: verified, or not. */
  onReceived({ from, verified, failed }: ReceivedFiles): void {
    const t = TEXT[this.deps.language()];
    const total = verified.length + failed.length;
    const title = failed.length === 0 ? t.received(from, total) : t.someFailed(from, failed.length, total);
    this.show(title, [...verified, ...failed].join(', '), { kind: 'transfers' });
  }

  private show(title: string, body: string, target: FocusTarget): void {
    if (!this.deps.enabled() || this.deps.isFocused()) return;
    this.deps.notify({ title: clip(title), body: clip(body), onClick: () => this.deps.focus(target) });
  }
}
