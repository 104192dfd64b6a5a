import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/messages.js';
import { ProtocolError } from './errors.js';
import { createHarness, nextEvent } from './test-support.js';

const harness = createHarness();
afterEach(() => harness.cleanup());

describe('ClientSession against the real room server', () => {
  it('logs in, sees others join, and gets typed events for room messages and whispers', async () => {
    const { port } = await harness.startServer({ roomName: 'lab' });
    const atom = await harness.join(port, 'atom');
    expect(atom.state).toBe('connected');
    expect(atom.room).toEqual({ name: 'lab', passwordRequired: false, maxUsers: 100, people: 0, plainAllowed: true });

    const joined = nextEvent(atom, 'joined');
    const hansung = harness.session(port, 'hansung');
    const login = await hansung.connect();
    expect(login.users.map((user) => user.nick).sort()).toEqual(['atom', 'hansung']);
    expect((await joined).user).toEqual({
      nick: 'hansung',
      status: 'active',
      secure: true,
      fp: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const atomSees = nextEvent(atom, 'msg');
    const echo = nextEvent(hansung, 'msg');
    const { mid } = await hansung.say('hi all');
    expect(await atomSees).toMatchObject({ mid, from: 'hansung', scope: 'room', text: 'hi all' });
    expect(await echo).toMatchObject({ mid, from: 'hansung' });

    const whisper = nextEvent(atom, 'msg');
    await hansung.whisper('ATOM', 'psst');
    expect(await whisper).toMatchObject({ scope: 'whisper', from: 'hansung', to: 'atom', text: 'psst' });

    const { users } = await atom.list();
    expect(users).toHaveLength(2);
    expect(await atom.version()).toMatchObject({ protocol: 1 });
  });

  it('rejects refused requests with a typed ProtocolError and keeps the session usable', async () => {
    const { port } = await harness.startServer();
    const atom = await harness.join(port, 'atom');
    const error = await atom.whisper('nobody', 'hello?').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'no_such_user', fatal: false });
    await expect(atom.whisper('atom', 'me')).rejects.toMatchObject({ code: 'self_target' });
    await expect(atom.say('still here')).resolves.toMatchObject({ mid: expect.any(Number) });
  });

  it('gives clear login errors: nick taken (any case), wrong password, room full', async () => {
    const { port } = await harness.startServer({ password: 'sesame', maxUsers: 1 });
    await harness.join(port, 'atom', { password: 'sesame' });
    await expect(harness.session(port, 'ATOM', { password: 'sesame' }).connect()).rejects.toMatchObject({
      name: 'ProtocolError',
      code: 'nick_taken',
    });
    await expect(harness.session(port, 'bob', { password: 'wrong' }).connect()).rejects.toMatchObject({
      code: 'wrong_password',
    });
    await expect(harness.session(port, 'bob', { password: 'sesame' }).connect()).rejects.toMatchObject({
      code: 'room_full',
    });
  });

  it('renames, and follows the new nick in its own state', async () => {
    const { port } = await harness.startServer();
    const atom = await harness.join(port, 'atom');
    const other = await harness.join(port, 'other');
    const nickEvent = nextEvent(atom, 'nick');
    const renamed = nextEvent(other, 'renamed');
    expect(await atom.rename('neo')).toEqual({ nick: 'neo' });
    expect(atom.nick).toBe('neo');
    expect(await nickEvent).toEqual({ nick: 'neo' });
    expect(await renamed).toMatchObject({ from: 'atom', to: 'neo' });
    await expect(atom.rename('other')).rejects.toMatchObject({ code: 'nick_taken' });
    expect(atom.nick).toBe('neo');
  });

  it('runs a 1:1 with consent: request, accept, private messages, end', async () => {
    const { port } = await harness.startServer();
    const user1 = await harness.join(port, 'user1');
    const user2 = await harness.join(port, 'user2');
    const bystander = await harness.join(port, 'bystander');
    const seenByBystander: ChatMessage[] = [];
    bystander.on('msg', (message) => seenByBystander.push(message));

    const request = nextEvent(user2, 'with.request');
    await user1.askWith('user2');
    expect(await request).toMatchObject({ from: 'user1', expiresInMs: expect.any(Number) });
    const started1 = nextEvent(user1, 'with.started');
    const started2 = nextEvent(user2, 'with.started');
    await user2.answerWith('user1', true);
    expect(await started1).toEqual({ t: 'with.started', peer: 'user2' });
    expect(await started2).toEqual({ t: 'with.started', peer: 'user1' });

    const private2 = nextEvent(user2, 'msg');
    await user1.say('Hello user2');
    expect(await private2).toMatchObject({ scope: 'dm', from: 'user1', text: 'Hello user2' });

    const ended1 = nextEvent(user1, 'with.ended');
    const ended2 = nextEvent(user2, 'with.ended');
    await user2.end();
    expect(await ended1).toMatchObject({ peer: 'user2' });
    expect(await ended2).toMatchObject({ peer: 'user1' });
    const roomMessage = nextEvent(bystander, 'msg');
    await user1.say('back in the room');
    expect(await roomMessage).toMatchObject({ scope: 'room', text: 'back in the room' });
    expect(seenByBystander.map((message) => message.text)).toEqual(['back in the room']);
  });

  it('declines a 1:1 request', async () => {
    const { port } = await harness.startServer();
    const user1 = await harness.join(port, 'user1');
    const user2 = await harness.join(port, 'user2');
    const request = nextEvent(user2, 'with.request');
    await user1.askWith('user2');
    await request;
    const ended = nextEvent(user1, 'with.ended');
    await user2.answerWith('user1', false);
    expect(await ended).toMatchObject({ peer: 'user2', reason: 'declined' });
  });

  it('sleeps and wakes up with the number of missed messages', async () => {
    const { port } = await harness.startServer();
    const sleeper = await harness.join(port, 'sleeper');
    const talker = await harness.join(port, 'talker');
    const away = nextEvent(talker, 'status', (event) => event.status === 'away');
    await sleeper.sleep('lunch');
    expect(await away).toMatchObject({ nick: 'sleeper', awayText: 'lunch' });
    await talker.say('one');
    await talker.say('two');
    const awake = nextEvent(sleeper, 'awake');
    await sleeper.wakeup();
    expect(await awake).toEqual({ t: 'awake', missed: 2, held: 2 });
  });

  it('measures RTT with ping and exposes the latest value', async () => {
    const { port } = await harness.startServer();
    const atom = await harness.join(port, 'atom');
    expect(atom.rtt).toBeUndefined();
    const rttEvent = nextEvent(atom, 'rtt');
    const ms = await atom.ping();
    expect(ms).toBeGreaterThan(0);
    expect(atom.rtt).toBe(ms);
    expect(await rttEvent).toEqual({ ms });
  });

  it('measures RTT periodically by itself', async () => {
    const { port } = await harness.startServer();
    const atom = harness.session(port, 'atom', { rttIntervalMs: 50 });
    const measurements: number[] = [];
    atom.on('rtt', ({ ms }) => measurements.push(ms));
    await atom.connect();
    await nextEvent(atom, 'rtt', () => measurements.length >= 3);
    expect(atom.rtt).toBe(measurements.at(-1));
  });

  it("answers the server's keepalive pings, so an idle session stays in the room", async () => {
    const { port } = await harness.startServer({ keepaliveIntervalMs: 50, keepaliveTimeoutMs: 400 });
    const idle = await harness.join(port, 'idle');
    let disconnected = false;
    idle.on('disconnected', () => {
      disconnected = true;
    });
    let pings = 0;
    await nextEvent(idle, 'ping', () => ++pings >= 15);
    expect(disconnected).toBe(false);
    expect((await idle.list()).users.map((user) => user.nick)).toEqual(['idle']);
  });

  it('close() says bye: the others see a normal leave', async () => {
    const { port } = await harness.startServer();
    const atom = await harness.join(port, 'atom');
    const leaver = await harness.join(port, 'leaver');
    const left = nextEvent(atom, 'left');
    const disconnected = nextEvent(leaver, 'disconnected');
    await leaver.close();
    expect(await left).toMatchObject({ nick: 'leaver', reason: 'quit' });
    expect(await disconnected).toEqual({ reason: 'closed', message: 'You left the room.', willReconnect: false });
    expect(leaver.state).toBe('closed');
    await expect(leaver.say('hello?')).rejects.toMatchObject({ code: 'not_connected' });
  });
});
