/**
 * The terminal client's file lines in English or, in a Korean session, in the course's wording (seed 000:
 * `[user1]님이 파일을 보내려고 합니다. 수신 (y/n)?`, `[user2]님에게 data.txt 전송중`, `data.txt 765 bytes 수신 완료.`).
 * A session is Korean when the first set of LC_ALL, LC_MESSAGES, LANG names a Korean locale (`ko_KR.UTF-8`, `ko`).
 */
import { formatBytes, formatFileOffer, safeText } from './format.js';

export type Language = 'en' | 'ko';

export function sessionLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko(?:[_.@-]|$)/iu.test(locale) ? 'ko' : 'en';
}

interface FileRef {
  name: string;
  size: number;
}

const file = (item: FileRef): string => `${safeText(item.name)} (${formatBytes(item.size)})`;

export interface FileWords {
  offer(from: string, files: readonly FileRef[]): string;
  declinedBy(peer: string): string;
  youDeclined(peer: string): string;
  skipped(peer: string, names: readonly string[]): string;
  sending(peer: string, name: string, resumed: string): string;
  receiving(peer: string, name: string, resumed: string): string;
  sent(name: string, size: number, peer: string): string;
  received(name: string, size: number, path: string): string;
  cancelled(name: string): string;
}

const ENGLISH: FileWords = {
  offer: formatFileOffer,
  declinedBy: (peer) => `[${safeText(peer)}] declined the file.`,
  youDeclined: (peer) => `You declined the files from [${safeText(peer)}].`,
  skipped: (peer, names) => `[${safeText(peer)}] did not take: ${names.map((name) => safeText(name)).join(', ')}`,
  sending: (peer, name, resumed) => `Sending ${safeText(name)} to [${safeText(peer)}]${resumed}`,
  receiving: (peer, name, resumed) => `Receiving ${safeText(name)} from [${safeText(peer)}]${resumed}`,
  sent: (name, size, peer) => `${safeText(name)} ${size} bytes sent, SHA-256 verified by [${safeText(peer)}]`,
  received: (name, size, path) =>
    `${safeText(name)} ${size} bytes received, SHA-256 verified. Saved to ${safeText(path)}`,
  cancelled: (name) => `${safeText(name)}: cancelled.`,
};

const KOREAN: FileWords = {
  offer: (from, files) => {
    if (files.length === 1) return `[${safeText(from)}]님이 파일을 보내려고 합니다: ${file(files[0]!)}. 수신 (y/n)?`;
    const list = files.map((each, i) => `  ${i + 1}) ${file(each)}`).join('\n');
    return `[${safeText(from)}]님이 파일 ${files.length}개를 보내려고 합니다:\n${list}\n수신 (y/n, 또는 받을 파일 번호, 예: 1 3)?`;
  },
  declinedBy: (peer) => `[${safeText(peer)}]님이 파일 수신을 거부했습니다.`,
  youDeclined: (peer) => `[${safeText(peer)}]님의 파일 수신을 거부했습니다.`,
  skipped: (peer, names) => `[${safeText(peer)}]님이 받지 않은 파일: ${names.map((name) => safeText(name)).join(', ')}`,
  sending: (peer, name, resumed) => `[${safeText(peer)}]님에게 ${safeText(name)} 전송중${resumed}`,
  receiving: (peer, name, resumed) => `[${safeText(peer)}]에서 ${safeText(name)} 수신중.${resumed}`,
  sent: (name, size, peer) => `${safeText(name)} ${size} bytes 전송 완료. ([${safeText(peer)}]님이 SHA-256 확인)`,
  received: (name, size, path) => `${safeText(name)} ${size} bytes 수신 완료. (SHA-256 확인) 저장: ${safeText(path)}`,
  cancelled: (name) => `${safeText(name)}: 전송을 취소했습니다.`,
};

export function fileWords(language: Language): FileWords {
  return language === 'ko' ? KOREAN : ENGLISH;
}
