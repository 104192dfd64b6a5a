/**
 * Chat text for the history benchmark: a seeded mix like a Korean LAN room's (mostly Korean, some English, some
 * mixed, a few long pastes), and the search queries run against it (common and rare words, 2-character Korean words
 * that take the scan path, two-word queries and words that match nothing).
 */
const KO = [
  '사랑방에서',
  '만나요',
  '오늘',
  '점심',
  '뭐',
  '먹지',
  '회의',
  '시작합니다',
  '자료',
  '공유했어요',
  '확인해',
  '주세요',
  '감사합니다',
  '수고하셨습니다',
  '내일',
  '발표',
  '준비',
  '다들',
  '어디',
  '계세요',
  '커피',
  '한잔',
  '할래요',
  '파일',
  '보냈어요',
  '서버',
  '재시작',
  '했습니다',
  '네트워크',
  '느려요',
  '잠깐만요',
  '알겠습니다',
  '좋아요',
  '프로젝트',
  '일정',
  '변경',
  '금요일',
  '마감',
  '테스트',
  '통과',
  '실패',
  '고쳤어요',
  '배포',
  '완료',
  '질문',
  '있어요',
  '회의실',
  '예약',
  '퇴근',
  '주말',
  '잘',
  '보내세요',
  'ㅋㅋㅋ',
  'ㅎㅎ',
  '대박',
  '진짜',
  '그럼',
  '이따',
  '봐요',
  '학교',
  '숙제',
];
const EN = [
  'hello',
  'meeting',
  'lunch',
  'today',
  'deploy',
  'server',
  'restart',
  'the',
  'build',
  'is',
  'green',
  'again',
  'please',
  'check',
  'file',
  'sent',
  'thanks',
  'tomorrow',
  'release',
  'notes',
  'review',
  'merge',
  'branch',
  'coffee',
  'anyone',
  'network',
  'slow',
  'fixed',
  'bug',
  'test',
  'passed',
  'failed',
  'schedule',
  'friday',
  'deadline',
  'question',
  'ok',
];
const EMOJI = ['👍', '🎉', '😂', '🙏', '☕'];

/** Deterministic PRNG (mulberry32), so every run inserts and searches the same data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function words(random: () => number, list: readonly string[], count: number): string[] {
  return Array.from({ length: count }, () => pick(random, list));
}

/** One message's text: 60% Korean, 25% English, 13% mixed with an emoji, 2% a long paste (~1–2 KB). */
export function chatText(random: () => number, serial: number): string {
  const roll = random();
  const n = 2 + Math.floor(random() * 10);
  if (roll < 0.6) return words(random, KO, n).join(' ');
  if (roll < 0.85) return words(random, EN, n).join(' ');
  if (roll < 0.98) return `${words(random, KO, n).join(' ')} ${pick(random, EN)} ${pick(random, EMOJI)}`;
  return `log #${serial}\n${words(random, [...KO, ...EN], 150 + Math.floor(random() * 150)).join(' ')}`;
}

/** `count` search queries of the kinds people type. */
export function searchQueries(random: () => number, count: number): string[] {
  const long = [...KO, ...EN].filter((w) => [...w].length >= 3);
  const short = KO.filter((w) => [...w].length === 2);
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.55) queries.push(pick(random, long));
    else if (roll < 0.75) queries.push(pick(random, short));
    else if (roll < 0.9) queries.push(`${pick(random, long)} ${pick(random, long)}`);
    else queries.push(`없는단어${i}`);
  }
  return queries;
}
