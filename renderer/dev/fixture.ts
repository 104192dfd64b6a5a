/**
 * Dev-only screenshot fixtures: a fake API with a scripted room, installed as window.sarangbang before the app
 * loads (see screenshots.mjs). Never part of the app bundle.
 */
import type { AppSnapshot, RoomEvent, UserInfo } from '../../electron/ipc-contract';
import { createFakeApi, makeSettings, makeSnapshot, ok } from '../src/test-support/fake-api';

type Lang = 'en' | 'ko';
const params = new URLSearchParams(location.search);
const scenario = params.get('scenario') ?? 'room';
const lang = (params.get('lang') ?? 'en') as Lang;
const theme = (params.get('theme') ?? 'light') as 'light' | 'dark';

const ko = lang === 'ko';
const me = ko ? '민지' : 'atom';
const users: UserInfo[] = [
  { nick: me, status: 'active' },
  { nick: ko ? '서준' : 'hana', status: 'active' },
  { nick: ko ? '하은' : 'jun', status: 'away', awayText: ko ? '점심 먹으러 가요' : 'lunch, back at 1' },
  { nick: ko ? '도윤' : 'mira', status: 'dm' },
  { nick: ko ? '지호' : 'sol', status: 'dm' },
  { nick: 'kernel_panic', status: 'active' },
];
const [, a, b, c] = users.map((u) => u.nick) as [string, string, string, string];
const base = Date.UTC(2026, 10, 22, 1, 30);
let mid = 1;
const msg = (from: string, text: string, minutes: number, extra: Partial<Extract<RoomEvent, { t: 'msg' }>> = {}): RoomEvent => ({
  t: 'msg', mid: mid++, ts: base + minutes * 60_000, from, scope: 'room', text, ...extra,
});

const lines: RoomEvent[] = ko
  ? [
      { t: 'joined', ts: base, user: users[1]! },
      msg(a, '안녕하세요! 오늘 발표 자료 다들 받으셨어요?', 1),
      msg(a, '파일 크기가 좀 커서 나눠서 보낼게요.', 1.2),
      msg(me, '네 받았어요 👍 슬라이드 12쪽 그림 정말 좋네요', 2),
      msg(b, '저는 아직이요. 저한테도 보내 주실 수 있나요?', 3),
      { t: 'joined', ts: base + 3.5 * 60_000, user: users[5]! },
      msg('kernel_panic', '참고로 TCP 흐름 제어 설명은 여기가 제일 깔끔해요: https://datatracker.ietf.org/doc/html/rfc9293', 4),
      msg(me, '고마워요!\n읽어 볼게요.', 4.5),
      msg(a, '방금 보냈어요', 5, { scope: 'whisper', to: me }),
      { t: 'status', ts: base + 6 * 60_000, nick: b, status: 'away', awayText: '점심 먹으러 가요' },
      msg(me, '/to 서준 점심 뭐 먹어요?', 6.5, { scope: 'whisper', to: a, text: '점심 뭐 먹어요?' }),
      msg(a, '학교 앞 국밥집이요 🍲', 7),
    ]
  : [
      { t: 'joined', ts: base, user: users[1]! },
      msg(a, 'Morning! Did everyone get the slides for today?', 1),
      msg(a, 'The deck is big, so I will send it in two parts.', 1.2),
      msg(me, 'Got them 👍 the diagram on slide 12 is lovely', 2),
      msg(b, 'Not yet — could you send them to me too?', 3),
      { t: 'joined', ts: base + 3.5 * 60_000, user: users[5]! },
      msg('kernel_panic', 'FYI the cleanest explanation of TCP flow control is here: https://datatracker.ietf.org/doc/html/rfc9293', 4),
      msg(me, 'Thanks!\nWill read it tonight.', 4.5),
      msg(a, 'sent you the second part just now', 5, { scope: 'whisper', to: me }),
      { t: 'status', ts: base + 6 * 60_000, nick: b, status: 'away', awayText: 'lunch, back at 1' },
      msg(me, 'where are you going for lunch?', 6.5, { scope: 'whisper', to: a }),
      msg(a, 'The noodle place by the station 🍜', 7),
    ];

const inRoom = scenario !== 'first-run' && !scenario.startsWith('home');
const hosting = scenario === 'home-hosting' || inRoom;
const snapshot: AppSnapshot = makeSnapshot({
  osLocale: ko ? 'ko-KR' : 'en-US',
  settings: makeSettings({
    nickname: scenario === 'first-run' ? '' : me,
    language: lang,
    theme,
    downloadDir: ko ? '/home/minji/다운로드' : '/home/atom/Downloads',
    recentRooms: [
      { host: '192.168.0.23', port: 30000, name: ko ? '네트워크 프로그래밍 스터디' : 'Networking study group', lastJoinedAt: base },
      { host: '10.0.1.7', port: 30123, name: ko ? '3층 개발팀' : 'Third floor dev team', lastJoinedAt: base - 86_400_000 },
    ],
  }),
  host: hosting
    ? {
        running: true, port: 30000, roomName: ko ? '민지의 사랑방' : "atom's room", maxUsers: 20, passwordRequired: false, userCount: users.length,
        addresses: [
          { iface: 'wlan0', address: '192.168.0.12', family: 'IPv4', display: '192.168.0.12:30000' },
          { iface: 'eth0', address: '10.0.1.44', family: 'IPv4', display: '10.0.1.44:30000' },
        ],
      }
    : { running: false },
  connection: inRoom ? { phase: 'connected', host: '127.0.0.1', port: 30000, nick: me, rttMs: 2 } : { phase: 'idle' },
  room: inRoom
    ? {
        host: '192.168.0.12', port: 30000, roomName: ko ? '민지의 사랑방' : "atom's room", nick: me, users,
        maxUsers: 20, ...(scenario === 'room-dm' ? { dmPeer: c } : {}),
      }
    : null,
  transfers: [
    { transferId: 't1', offerId: 'o1', direction: 'send', peer: b, name: ko ? '발표자료_최종.pdf' : 'slides-final.pdf', size: 48_200_000, bytes: 31_000_000, state: 'running', resumable: false, canShowInFolder: false, createdAt: base + 5 },
    { transferId: 't2', offerId: 'o2', direction: 'receive', peer: a, name: ko ? '실습_코드.zip' : 'lab-code.zip', size: 2_400_000, bytes: 2_400_000, state: 'verified', resumable: false, canShowInFolder: true, createdAt: base + 4 },
    { transferId: 't3', offerId: 'o3', direction: 'receive', peer: 'kernel_panic', name: 'dataset.csv', size: 730_000_000, bytes: 210_000_000, state: 'interrupted', reason: 'disconnected', message: ko ? '연결이 끊어졌습니다.' : 'The connection was lost.', resumable: true, canShowInFolder: false, createdAt: base + 3 },
  ],
});

const api = createFakeApi(snapshot);
api.handle('host.state', () => ok(snapshot.host));
// Like main, deliver the scripted events only once the renderer said it is ready.
api.handle('app.ready', () => {
  setTimeout(play, 30);
  return ok(snapshot);
});
(window as unknown as { sarangbang: typeof api }).sarangbang = api;

function play(): void {
  if (!inRoom) return;
  for (const event of lines) api.emit('room', event);
  if (scenario === 'room-dm') {
    api.emit('room', msg(c, ko ? '잠깐 따로 얘기할 수 있을까요?' : 'Got a minute to talk privately?', 8, { scope: 'dm', to: me }));
    api.emit('room', msg(me, ko ? '네, 말씀하세요' : 'Sure, go ahead', 8.3, { scope: 'dm', to: c }));
    api.emit('room', msg(c, ko ? '다음 주 발표 순서 바꿔도 될까요? 제가 수요일에 일이 있어서요.' : 'Could we swap our presentation slots next week? I am away on Wednesday.', 8.6, { scope: 'dm', to: me }));
  }
  if (scenario === 'offer') {
    api.emit('file.offer', {
      offerId: 'o9', from: a, totalBytes: 52_428_800 + 1_200_000 + 340_000, expiresInMs: 60_000, autoAccepted: false,
      files: [
        { index: 0, name: ko ? '강의_녹화.mp4' : 'lecture-recording.mp4', size: 52_428_800 },
        { index: 1, name: ko ? '필기.pdf' : 'notes.pdf', size: 1_200_000, resumeFrom: 400_000 },
        { index: 2, name: 'diagram.png', size: 340_000 },
      ],
    });
  }
  if (scenario === 'dm-request') api.emit('room', { t: 'with.request', from: c, expiresInMs: 42_000 });
  if (scenario === 'transfers') api.emit('transfer.progress', { items: [{ transferId: 't1', bytes: 31_000_000, size: 48_200_000, bytesPerSec: 11_400_000, etaMs: 1_600 }] });
  if (scenario === 'reconnecting') api.emit('connection', { phase: 'reconnecting', attempt: 2, retryInMs: 4000, reason: 'network' });
  if (scenario === 'away') {
    api.emit('room', { t: 'awake', missed: 14 });
  }
}
