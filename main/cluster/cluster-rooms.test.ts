/** Many rooms in a cluster: named rooms span instances, stay apart from each other, and a plain-text move is seen everywhere. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FramedTestClient, TextTestClient } from '../gateway/test-support.js';
import { haveRedis, startInstance, TestRedis, type TestInstance } from './test-support.js';

describe.skipIf(!haveRedis)('many rooms in a cluster', () => {
  let redis: TestRedis;
  let instances: TestInstance[] = [];
  const closers: (() => void)[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await Promise.all(instances.map((each) => each.close()));
    instances = [];
    await redis.restart();
  });
  const two = async (): Promise<TestInstance[]> => {
    const rooms = [{ name: 'lobby' }, { name: 'math' }, { name: 'art' }];
    instances = await Promise.all([0, 1].map(() => startInstance(redis.url, { rateLimit: 'off', rooms })));
    return instances;
  };
  const framed = async (instance: TestInstance, nick: string, room: string): Promise<FramedTestClient> => {
    const client = await FramedTestClient.login(instance.port, nick, undefined, room);
    closers.push(() => client.close());
    return client;
  };

  it('a room spans instances; another room with the same nickname hears nothing of it', async () => {
    const [a, b] = await two();
    const ana = await framed(a!, 'ana', 'math');
    const ben = await framed(b!, 'ben', 'math');
    // The same nickname in another room of the same cluster is free.
    const otherAna = await framed(b!, 'ana', 'art');
    await ana.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'ben');
    expect((await ben.ok('list')).total).toBe(2);
    expect((await otherAna.ok('list')).total).toBe(1);
    await ana.ok('say', { text: 'x² + y²' });
    expect(await ben.nextOf('msg')).toMatchObject({ from: 'ana', text: 'x² + y²', mid: 1 });
    await otherAna.ok('say', { text: 'paint' });
    expect(await otherAna.nextOf('msg')).toMatchObject({ text: 'paint', mid: 1 });
    const stray = await ben.request('whisper', { to: 'nobody-here', text: 'hi' });
    expect(stray).toMatchObject({ t: 'error', code: 'no_such_user' });
    // ben never sees art's message: the next thing he gets is his own whisper error's answer, then nothing of art.
    expect(ben.unread().some((f) => f.t === 'msg' && f.text === 'paint')).toBe(false);
  });

  it('a plain-text /join moves a member between rooms; members on the other instance see it leave and arrive', async () => {
    const [a, b] = await two();
    const inLobby = await framed(b!, 'lee', 'lobby');
    const inMath = await framed(b!, 'moe', 'math');
    const text = await TextTestClient.connect(a!.port);
    closers.push(() => text.close());
    text.line('/login kim');
    await text.next(/채팅 서버에 접속되었습니다/u);
    await inLobby.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'kim');
    text.line('/join math');
    await text.next(/채팅 서버에 접속되었습니다/u);
    expect(await inLobby.next((f) => f.t === 'left' && f.nick === 'kim')).toMatchObject({ reason: 'moved' });
    await inMath.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'kim');
    text.line('hello math');
    expect(await inMath.nextOf('msg')).toMatchObject({ from: 'kim', text: 'hello math' });
  });
});
