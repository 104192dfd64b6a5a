import { describe, expect, it } from 'vitest';
import { FramedTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 5000 });
const start = room.start;
const login = room.login;

describe('framed clients', () => {
  it('says hello, logs in and sees the others join and leave; the host log records both', async () => {
    const port = await start({ roomName: 'lab' });
    const log: string[] = [];
    room.server.on('log', (entry) => log.push(`${entry.kind}: ${entry.text}`));
    const atom = await login(port, 'atom');
    const hansung = await FramedTestClient.connect(port);
    room.track(hansung);
    const result = await hansung.ok('login', { nick: 'hansung' });
    expect(result.nick).toBe('hansung');
    expect((result.users as { nick: string }[]).map((u) => u.nick).sort()).toEqual(['atom', 'hansung']);
    const joined = await atom.nextOf('joined');
    expect(joined.user).toEqual({ nick: 'hansung', status: 'active', secure: false });
    hansung.close();
    const left = await atom.nextOf('left');
    expect(left).toMatchObject({ nick: 'hansung', reason: 'disconnected' });
    expect(log).toContainEqual(expect.stringMatching(/^join: atom joined from 127\.0\.0\.1:\d+ \(test\); 1 here$/u));
    expect(log).toContainEqual('leave: hansung left (disconnected); 1 here');
  });

  it('refuses a duplicate nickname case-insensitively, a full room and a wrong password', async () => {
    const port = await start({ maxUsers: 2, password: 'pw', plainText: 'allow' });
    const a = await login(port, 'Atom', 'pw');
    const dup = await FramedTestClient.connect(port);
    room.track(dup);
    expect(await dup.request('login', { nick: 'atom', password: 'pw' })).toMatchObject({
      t: 'error',
      code: 'nick_taken',
    });
    expect(await dup.request('login', { nick: 'bee', password: 'nope' })).toMatchObject({
      t: 'error',
      code: 'wrong_password',
    });
    expect(await dup.request('login', { nick: 'bee' })).toMatchObject({ t: 'error', code: 'wrong_password' });
    expect(await dup.request('login', { nick: 'bad nick', password: 'pw' })).toMatchObject({
      t: 'error',
      code: 'nick_invalid',
    });
    await dup.ok('login', { nick: 'bee', password: 'pw' });
    const third = await FramedTestClient.connect(port);
    room.track(third);
    expect(await third.request('login', { nick: 'cee', password: 'pw' })).toMatchObject({
      t: 'error',
      code: 'room_full',
    });
    expect(await a.request('login', { nick: 'x', password: 'pw' })).toMatchObject({
      t: 'error',
      code: 'already_logged_in',
    });
  });

  it('refuses invisible and look-alike nicknames and text with C1 controls or lone surrogates', async () => {
    const port = await start();
    const alice = await login(port, 'alice');
    const other = await FramedTestClient.connect(port);
    room.track(other);
    for (const nick of ['alice\uFE0F', 'alice\u034F', '\u3164', '\u2800', '\u0301']) {
      expect(await other.request('login', { nick })).toMatchObject({ t: 'error', code: 'nick_invalid' });
    }
    expect(await other.request('login', { nick: '\u0430lice' })).toMatchObject({
      t: 'error',
      code: 'nick_taken',
      message: expect.stringContaining('looks like alice'),
    });
    await other.ok('login', { nick: 'bob' });
    expect(await other.request('say', { text: 'hi\u009b2J' })).toMatchObject({ code: 'bad_request' });
    expect(await other.request('say', { text: 'half \ud800 a pair' })).toMatchObject({ code: 'bad_request' });
    expect(await other.request('sleep', { text: 'away\u0085' })).toMatchObject({ code: 'bad_request' });
    await other.ok('whisper', { to: '\u0430lice', text: 'found you' });
    expect(await alice.nextOf('msg')).toMatchObject({ from: 'bob', to: 'alice', text: 'found you' });
  });

  it('broadcasts with the sender stamped by the server, echoing to the sender, in one order', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    const bee = await login(port, 'bee');
    const { mid } = await atom.ok('say', { text: 'hello', from: 'mallory' });
    for (const client of [atom, bee]) {
      const msg = await client.nextOf('msg');
      expect(msg).toMatchObject({ mid, from: 'atom', scope: 'room', text: 'hello' });
    }
    expect(await bee.request('say', { text: '   ' })).toMatchObject({ code: 'text_empty' });
    expect(await bee.request('say', { text: 'x'.repeat(4097) })).toMatchObject({ code: 'text_too_long' });
    expect(await bee.request('say', { text: 'bell\u0007' })).toMatchObject({ code: 'bad_request' });
  });

  it('whispers to one user only, with errors for nobody and yourself', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    const bee = await login(port, 'bee');
    const cee = await login(port, 'cee');
    await atom.ok('whisper', { to: 'BEE', text: 'psst' });
    expect(await bee.nextOf('msg')).toMatchObject({ from: 'atom', to: 'bee', scope: 'whisper', text: 'psst' });
    expect(await atom.nextOf('msg')).toMatchObject({ scope: 'whisper', to: 'bee' });
    expect(await atom.request('whisper', { to: 'nobody', text: 'x' })).toMatchObject({ code: 'no_such_user' });
    expect(await atom.request('whisper', { to: 'atom', text: 'x' })).toMatchObject({ code: 'self_target' });
    await cee.ok('list');
    expect(cee.unread().filter((f) => f.t === 'msg')).toEqual([]);
  });

  it('away: holds back room messages, counts them, and wakes on wakeup or on sending', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    const bee = await login(port, 'bee');
    await bee.ok('sleep', { text: 'lunch' });
    expect(await atom.next((f) => f.t === 'status' && f.status === 'away')).toMatchObject({
      nick: 'bee',
      awayText: 'lunch',
    });
    const users = (await atom.ok('list')).users;
    expect(users).toContainEqual({ nick: 'bee', status: 'away', secure: false, awayText: 'lunch' });
    await atom.ok('say', { text: 'one' });
    await atom.ok('say', { text: 'two' });
    await bee.ok('wakeup');
    expect(await bee.nextOf('awake')).toEqual({ t: 'awake', missed: 2, held: 2 });
    // Held back while away, given back after the count (not live before it).
    expect(bee.unread().filter((f) => f.t === 'msg')).toMatchObject([
      { from: 'atom', text: 'one', hist: true },
      { from: 'atom', text: 'two', hist: true },
    ]);
    await bee.nextOf('msg');
    await bee.nextOf('msg');
    expect(await atom.next((f) => f.t === 'status' && f.status === 'active')).toMatchObject({ nick: 'bee' });
    await bee.ok('sleep');
    await atom.ok('say', { text: 'three' });
    await bee.ok('say', { text: 'back' });
    expect(await bee.nextOf('awake')).toEqual({ t: 'awake', missed: 1, held: 1 });
    expect(await bee.nextOf('msg')).toMatchObject({ text: 'three', hist: true });
    expect(await bee.nextOf('msg')).toEqual(expect.objectContaining({ text: 'back' }));
    expect(await atom.next((f) => f.t === 'msg' && f.text === 'back')).not.toHaveProperty('hist');
    expect(await bee.request('wakeup')).toMatchObject({ code: 'bad_request' });
  });

  it('1:1: request, accept, private messages, end; decline; expiry; disconnect', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    const bee = await login(port, 'bee');
    const cee = await login(port, 'cee');
    await atom.ok('with', { to: 'bee' });
    expect(await bee.nextOf('with.request')).toMatchObject({ from: 'atom', expiresInMs: 60_000 });
    await bee.ok('with.answer', { from: 'atom', accept: true });
    expect(await atom.nextOf('with.started')).toEqual({ t: 'with.started', peer: 'bee' });
    expect(await bee.nextOf('with.started')).toEqual({ t: 'with.started', peer: 'atom' });
    expect(await cee.next((f) => f.t === 'status' && f.nick === 'atom')).toMatchObject({ status: 'dm' });
    expect(await cee.request('with', { to: 'atom' })).toMatchObject({ code: 'user_busy' });
    await atom.ok('say', { text: 'just us' });
    expect(await bee.nextOf('msg')).toMatchObject({ scope: 'dm', from: 'atom', to: 'bee', text: 'just us' });
    await atom.ok('say', { text: 'to all', scope: 'room' });
    expect(await cee.nextOf('msg')).toMatchObject({ scope: 'room', text: 'to all' });
    expect(cee.unread().filter((f) => f.t === 'msg')).toEqual([]);
    await bee.ok('end');
    expect(await atom.nextOf('with.ended')).toMatchObject({ peer: 'bee', reason: 'ended', by: 'bee' });
    expect(await bee.nextOf('with.ended')).toMatchObject({ peer: 'atom', reason: 'ended', by: 'bee' });
    expect(await atom.request('say', { text: 'x', scope: 'dm' })).toMatchObject({ code: 'not_in_dm' });
    expect(await atom.request('end')).toMatchObject({ code: 'not_in_dm' });

    await cee.ok('with', { to: 'atom' });
    expect(await cee.request('with', { to: 'bee' })).toMatchObject({ code: 'request_pending' });
    await atom.nextOf('with.request');
    await atom.ok('with.answer', { from: 'cee', accept: false });
    expect(await cee.nextOf('with.ended')).toMatchObject({ peer: 'atom', reason: 'declined' });
    expect(await atom.request('with.answer', { from: 'cee', accept: true })).toMatchObject({
      code: 'no_pending_request',
    });

    await atom.ok('with', { to: 'cee' });
    await cee.ok('with.answer', { from: 'atom', accept: true });
    await atom.nextOf('with.started');
    cee.close();
    expect(await atom.nextOf('with.ended')).toMatchObject({ peer: 'cee', reason: 'left' });
    expect(await atom.request('with', { to: 'atom' })).toMatchObject({ code: 'self_target' });
  });

  it('1:1 requests expire: both sides are told', async () => {
    const port = await start({ consentTimeoutMs: 200 });
    const cee = await login(port, 'cee');
    const bee = await login(port, 'bee');
    await cee.ok('with', { to: 'bee' });
    expect(await bee.nextOf('with.request')).toMatchObject({ expiresInMs: 200 });
    expect(await cee.nextOf('with.ended')).toMatchObject({ peer: 'bee', reason: 'expired' });
    expect(await bee.nextOf('with.ended')).toMatchObject({ peer: 'cee', reason: 'expired' });
    expect(await bee.request('with.answer', { from: 'cee', accept: true })).toMatchObject({
      code: 'no_pending_request',
    });
  });

  it('renames uniquely and tells everyone; answers version and ping', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    const bee = await login(port, 'bee');
    expect(await atom.request('nick', { nick: 'Bee' })).toMatchObject({ code: 'nick_taken' });
    expect(await atom.ok('nick', { nick: 'proton' })).toEqual({ nick: 'proton' });
    expect(await bee.nextOf('renamed')).toMatchObject({ from: 'atom', to: 'proton' });
    await bee.ok('whisper', { to: 'proton', text: 'hi' });
    expect(await atom.nextOf('msg')).toMatchObject({ to: 'proton' });
    expect(await atom.ok('version')).toEqual({ server: expect.stringContaining('Sarangbang'), protocol: 1 });
    atom.send({ t: 'ping', id: 77 });
    expect(await atom.nextOf('pong')).toEqual({ t: 'pong', id: 77 });
  });

  it('refuses banned words with an error, not a disconnect', async () => {
    const port = await start({ bannedWords: ['Spam'] });
    const atom = await login(port, 'atom');
    expect(await atom.request('say', { text: 'buy SPAM now' })).toMatchObject({ code: 'banned_word' });
    expect(await atom.request('whisper', { to: 'atom', text: 'spam' })).toMatchObject({ code: 'self_target' });
    expect(await atom.ok('say', { text: 'fine' })).toHaveProperty('mid');
  });

  it('answers bad requests clearly and keeps the connection', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    expect(await atom.request('whisper', { to: 5, text: 'x' })).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('"to"'),
    });
    expect(await atom.request('dance')).toMatchObject({ code: 'unknown_type' });
    expect(await atom.request('file.offer', { to: 'atom', files: [] })).toMatchObject({ code: 'transfer_unsupported' });
    atom.send({ t: 'say', text: 'no id' });
    expect(await atom.next((f) => f.t === 'error' && f.id === undefined)).toMatchObject({ code: 'bad_request' });
    const fresh = await FramedTestClient.connect(port);
    room.track(fresh);
    expect(await fresh.request('list')).toMatchObject({ code: 'not_logged_in' });
    expect(await fresh.ok('version')).toHaveProperty('protocol', 1);
  });

  it('rate-limits a flood with errors, while normal use passes', async () => {
    const port = await start({ rateLimit: 5 });
    const atom = await login(port, 'atom');
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => atom.request('say', { text: `m${i}` })));
    const limited = replies.filter((r) => r.t === 'error' && r.code === 'rate_limited').length;
    expect(limited).toBeGreaterThan(0);
    // Burst of 10, minus the token login used, plus a little refill while the requests travel.
    const passed = replies.filter((r) => r.t === 'ok').length;
    expect(passed).toBeGreaterThanOrEqual(9);
    expect(passed).toBeLessThan(20);
  });

  it('closes gracefully with bye server_shutdown', async () => {
    const port = await start();
    const atom = await login(port, 'atom');
    const closing = room.server.close();
    expect(await atom.nextOf('bye')).toMatchObject({ reason: 'server_shutdown' });
    await atom.closed();
    await closing;
  });
});
