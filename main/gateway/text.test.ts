import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TextTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 200 });
const start = room.start;
const text = room.text;
const framed = room.login;

describe('plain-text clients', () => {
  it('greets a silent client, then logs in and chats with app users in the same room', async () => {
    const port = await start({ roomName: 'lab' });
    const nc = await TextTestClient.connect(port);
    room.track(nc);
    expect(await nc.next(/Welcome to Sarangbang room "lab"/u)).toContain('사랑방');
    await nc.next(/\/login <nick>/u);
    const app = await framed(port, 'atom');
    nc.line('/login hansung');
    await nc.next(/^\* \[hansung\] 채팅 서버에 접속되었습니다/u);
    expect(await app.nextOf('joined')).toMatchObject({ user: { nick: 'hansung', status: 'active' } });
    nc.line('hello there');
    expect(await app.nextOf('msg')).toMatchObject({ from: 'hansung', scope: 'room', text: 'hello there' });
    expect(await nc.next(/^\[hansung\]/u)).toBe('[hansung] hello there');
    await app.ok('say', { text: 'hi from the app' });
    expect(await nc.next(/^\[atom\]/u)).toBe('[atom] hi from the app');
  });

  it('answers a client that sends its lines and half-closes (printf ... | nc)', async () => {
    const port = await start();
    const app = await framed(port, 'app');
    const raw = connect({ port, host: '127.0.0.1' });
    room.track({ close: () => raw.destroy() });
    raw.on('error', () => undefined);
    raw.setEncoding('utf8');
    let output = '';
    raw.on('data', (chunk: string) => (output += chunk));
    const closed = new Promise((resolve) => raw.on('close', resolve));
    raw.end('/login piped\nhello from a pipe\n/list\n');
    await closed;
    expect(output).toContain('* [piped] 채팅 서버에 접속되었습니다.');
    expect(output).toContain('[piped] hello from a pipe\r\n');
    expect(output).toContain('* User List (2)');
    expect(await app.nextOf('msg')).toMatchObject({ from: 'piped', text: 'hello from a pipe' });
  });

  it('rate-limits a flooding text client with an error line, not a disconnect', async () => {
    const port = await start({ rateLimit: 2 });
    const nc = await text(port, 'flood');
    nc.socket.write(Array.from({ length: 12 }, (_, i) => `line ${i}\n`).join(''));
    expect(await nc.next(/^!/u)).toBe('! Too many messages; slow down. (rate_limited)');
    nc.line('/help');
    await nc.next(/^\* Commands/u);
    expect(room.server.room.find('flood')).toBeDefined();
  });

  it('shows join and leave notices in the course format', async () => {
    const port = await start();
    const atom = await text(port, 'atom');
    const user1 = await text(port, 'user1');
    expect(await atom.next(/입장/u)).toBe('[user1]님이 입장하였습니다. (user1 joined)');
    user1.line('/exit');
    await user1.next(/Good bye/u);
    await user1.closed();
    expect(await atom.next(/퇴장/u)).toBe('[user1]님이 퇴장하였습니다. (user1 left)');
  });

  it('drops NUL padding and a leading [own nick] like the course C clients send', async () => {
    const port = await start();
    const app = await framed(port, 'app');
    const raw = connect({ port, host: '127.0.0.1' });
    room.track({ close: () => raw.destroy() });
    raw.on('error', () => undefined);
    const pad = (line: string): Buffer => {
      const block = Buffer.alloc(128);
      block.write(line);
      return block;
    };
    raw.write(pad('/login atom'));
    await app.nextOf('joined');
    raw.write(pad('[atom] hello\n'));
    expect(await app.nextOf('msg')).toMatchObject({ from: 'atom', text: 'hello' });
    raw.write(pad('[atom] /list\n'));
    raw.write(pad('[atom] /to app secret\n'));
    expect(await app.nextOf('msg')).toMatchObject({ from: 'atom', scope: 'whisper', text: 'secret' });
  });

  it('talks EUC-KR with a course client on Korean Windows that sends EUC-KR', async () => {
    const port = await start();
    const app = await framed(port, 'app');
    const raw = connect({ port, host: '127.0.0.1' });
    room.track({ close: () => raw.destroy() });
    raw.on('error', () => undefined);
    const received: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => received.push(chunk));
    raw.write('/login atom\n');
    await app.nextOf('joined');
    raw.write(Buffer.from([0xbb, 0xe7, 0xb6, 0xfb, 0xb9, 0xe6, 0x0a])); // "사랑방" in EUC-KR
    expect(await app.nextOf('msg')).toMatchObject({ from: 'atom', text: '사랑방' });
    await app.ok('say', { text: '안녕' });
    const expected = Buffer.concat([Buffer.from('[app] '), Buffer.from([0xbe, 0xc8, 0xb3, 0xe7]), Buffer.from('\r\n')]);
    await expect.poll(() => Buffer.concat(received).includes(expected)).toBe(true);
  });

  it('lists users with status, whispers, away and wakeup', async () => {
    const port = await start();
    const atom = await text(port, 'atom');
    const hansung = await text(port, 'hansung');
    const app = await framed(port, 'app');
    atom.line('/to hansung Hello there');
    expect(await hansung.next(/귓속말/u)).toBe('[귓속말] [atom] Hello there');
    expect(await atom.next(/귓속말/u)).toBe('[귓속말] [atom → hansung] Hello there');
    atom.line('/to nobody hi');
    expect(await atom.next(/^!/u)).toMatch(/\(no_such_user\)$/u);
    hansung.line('/sleep 점심');
    await hansung.next(/You are away/u);
    expect(await atom.next(/부재중/u)).toBe('[hansung]님이 부재중입니다. (hansung is away: 점심)');
    atom.line('/list');
    expect(await atom.next(/User List/u)).toBe('* User List (3)');
    // Everyone here is unencrypted (plain text, cleartext framed): marked after the status.
    expect(await atom.next(/^\* {3}hansung/u)).toMatch(/^\* {3}hansung +away \(부재중\) \(unencrypted\): 점심$/u);
    expect(await atom.next(/^\* {3}atom/u)).toMatch(/active \(활동중\) \(unencrypted\)$/u);
    expect(await atom.next(/^\* {3}app/u)).toMatch(/active \(활동중\) \(unencrypted\)$/u);
    await app.ok('say', { text: 'one' });
    await app.ok('say', { text: 'two' });
    hansung.line('/wakeup');
    expect(await hansung.next(/놓친/u)).toMatch(/you missed 2 messages/u);
    expect(await atom.next(/돌아왔습니다/u)).toBe('[hansung]님이 돌아왔습니다. (hansung is back)');
    // Held back while away, given back after the count line as ordinary lines.
    expect(await hansung.next(/^\[app\] /u)).toBe('[app] one');
    expect(await hansung.next(/^\[app\] /u)).toBe('[app] two');
  });

  it('1:1 between a text client and an app user: y/n answers, [1:1] lines, /end', async () => {
    const port = await start();
    const user2 = await text(port, 'user2');
    const user1 = await framed(port, 'user1');
    await user1.ok('with', { to: 'user2' });
    expect(await user2.next(/1:1 대화를 요청/u)).toMatch(/^\[user1\]님이 1:1 대화를 요청했습니다\. \(y\/n\)\?/u);
    user2.line('y');
    expect(await user2.next(/대화 시작/u)).toMatch(/^\[user1\]님과 1:1 대화 시작/u);
    expect(await user1.nextOf('with.started')).toMatchObject({ peer: 'user2' });
    user2.line('Hi user1');
    expect(await user1.nextOf('msg')).toMatchObject({ scope: 'dm', text: 'Hi user1' });
    await user1.ok('say', { text: 'Hello user2' });
    expect(await user2.next(/^\[1:1\] \[user1\]/u)).toBe('[1:1] [user1] Hello user2');
    user2.line('/end');
    expect(await user2.next(/대화 종료/u)).toMatch(/^\[user1\]님과 1:1 대화 종료/u);
    expect(await user1.nextOf('with.ended')).toMatchObject({ reason: 'ended', by: 'user2' });

    await user1.ok('with', { to: 'user2' });
    await user2.next(/1:1 대화를 요청/u);
    user2.line('n');
    await user2.next(/거절/u);
    expect(await user1.nextOf('with.ended')).toMatchObject({ reason: 'declined' });

    user2.line('/with user1');
    await user2.next(/Asked user1/u);
    await user1.nextOf('with.request');
    await user1.ok('with.answer', { from: 'user2', accept: false });
    expect(await user2.next(/거부/u)).toBe('[user1]님이 1:1 대화를 거부했습니다. (user1 declined the 1:1)');
  });

  it('joins a guest on a first chat line; renames; version, ping, help, unknown commands', async () => {
    const port = await start();
    const app = await framed(port, 'app');
    const nc = await TextTestClient.connect(port);
    room.track(nc);
    nc.line('hi all');
    expect(await nc.next(/손님/u)).toMatch(/You joined as guest1/u);
    expect(await app.nextOf('msg')).toMatchObject({ from: 'guest1', text: 'hi all' });
    nc.line('/nick 한성');
    expect(await app.nextOf('renamed')).toMatchObject({ from: 'guest1', to: '한성' });
    expect(await nc.next(/이름을 바꿨습니다/u)).toBe(
      '[guest1]님이 [한성](으)로 이름을 바꿨습니다. (guest1 is now 한성)',
    );
    nc.line('/nick app');
    expect(await nc.next(/^!/u)).toMatch(/\(nick_taken\)$/u);
    nc.line('/version');
    expect(await nc.next(/protocol 1/u)).toMatch(/^\* Sarangbang/u);
    nc.line('/ping');
    await nc.next(/^\* pong/u);
    nc.line('/help');
    await nc.next(/\/with <nick>/u);
    nc.line('/dance');
    expect(await nc.next(/^!/u)).toMatch(/Unknown command \/dance.*\(unknown_type\)$/u);
    nc.line('//slash text');
    expect(await app.nextOf('msg')).toMatchObject({ text: '/slash text' });
  });

  it('renders peer text safely: escape sequences cannot reach the terminal, bidi controls are removed', async () => {
    const port = await start();
    const nc = await text(port, 'nc');
    const app = await framed(port, 'app');
    expect(await app.request('say', { text: 'two\nlines \u009b31m' })).toMatchObject({ code: 'bad_request' });
    await app.ok('say', { text: 'two\nlines \u202Efdp.exe \u2067x\u2069' });
    expect(await nc.next(/^\[app\] /u)).toBe('[app] two');
    expect(await nc.next(/lines/u)).toBe('    lines fdp.exe x');
  });

  it('password rooms: guests are refused with a reason, /login with the password works', async () => {
    const port = await start({ password: 's3cret', plainText: 'allow' });
    const nc = await TextTestClient.connect(port);
    room.track(nc);
    expect(await nc.next(/^\* \/login/u)).toContain('/login <nick> <password>');
    nc.line('hello?');
    expect(await nc.next(/^!/u)).toBe('! This room needs a password. (wrong_password)');
    nc.line('/login atom wrong');
    expect(await nc.next(/^!/u)).toBe('! Wrong password. (wrong_password)');
    nc.line('/login atom s3cret');
    await nc.next(/채팅 서버에 접속되었습니다/u);
  });

  it('closes a text client that never logs in, and tells text clients about a shutdown', async () => {
    const port = await start({ textLoginTimeoutMs: 300 });
    const idle = await TextTestClient.connect(port);
    room.track(idle);
    expect(await idle.next(/^!/u)).toMatch(/\(login_timeout\)$/u);
    await idle.closed();
    const atom = await text(port, 'atom');
    const closing = room.server.close();
    expect(await atom.next(/서버가 종료됩니다/u)).toBe('* 서버가 종료됩니다. (The server is shutting down.)');
    await atom.closed();
    await closing;
  });

  it('treats a partial preamble that goes on as text as plain text, even after the greeting', async () => {
    const port = await start();
    const app = await framed(port, 'app');
    const nc = await TextTestClient.connect(port);
    room.track(nc);
    nc.socket.write('SB');
    await nc.next(/Welcome to Sarangbang/u);
    nc.line('X is my name');
    expect(await app.nextOf('msg')).toMatchObject({ from: 'guest1', text: 'SBX is my name' });
  });
});
