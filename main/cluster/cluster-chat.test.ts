/** Three instances and one Redis: chat, whispers, nicknames, away and 1:1 reach members on every instance. */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoomServerOptions } from '../gateway/server.js';
import { FramedTestClient, TextTestClient } from '../gateway/test-support.js';
import { haveRedis, startInstance, TestRedis, type TestInstance } from './test-support.js';

describe.skipIf(!haveRedis)('a cluster of three instances', () => {
  let redis: TestRedis;
  let instances: TestInstance[] = [];
  const clients: FramedTestClient[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(instances.map((each) => each.close()));
    instances = [];
    await redis.restart(); // every test starts from an empty Redis
  });
  const three = async (options: RoomServerOptions = {}): Promise<TestInstance[]> => {
    instances = await Promise.all([0, 1, 2].map(() => startInstance(redis.url, { rateLimit: 'off', ...options })));
    return instances;
  };
  const login = async (instance: TestInstance, nick: string): Promise<FramedTestClient> => {
    const client = await FramedTestClient.login(instance.port, nick);
    clients.push(client);
    return client;
  };

  it('fans room messages out to members on every instance, in one order with ids 1, 2, 3', async () => {
    const [a, b, c] = await three();
    const ana = await login(a!, 'ana');
    const ben = await login(b!, 'ben');
    const cho = await login(c!, 'cho');
    await ana.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'cho');
    expect((await cho.ok('list')).total).toBe(3);
    const sent = [ana.ok('say', { text: 'one' }), ben.ok('say', { text: 'two' }), cho.ok('say', { text: 'three' })];
    const mids = (await Promise.all(sent)).map((result) => result.mid as number);
    expect(mids.sort()).toEqual([1, 2, 3]);
    for (const client of [ana, ben, cho]) {
      const seen: [number, string][] = [];
      for (let i = 0; i < 3; i++) {
        const msg = await client.nextOf('msg');
        seen.push([msg.mid as number, msg.text as string]);
      }
      expect(seen.map(([mid]) => mid)).toEqual([1, 2, 3]);
    }
    expect(a!.server.identity.code).toBe(b!.server.identity.code);
    expect(b!.server.identity.code).toBe(c!.server.identity.code);
  });

  it('keeps a nickname unique across instances, look-alikes included', async () => {
    const [a, b] = await three();
    await login(a!, 'Mina');
    const other = await FramedTestClient.connect(b!.port);
    clients.push(other);
    const taken = await other.request('login', { nick: 'mina' });
    expect(taken).toMatchObject({ t: 'error', code: 'nick_taken' });
    const lookAlike = await other.request('login', { nick: 'rnina' });
    expect(lookAlike).toMatchObject({ t: 'error', code: 'nick_taken' });
  });

  it('whispers, away and 1:1 across instances', async () => {
    const [a, b, c] = await three();
    const ana = await login(a!, 'ana');
    const ben = await login(b!, 'ben');
    const cho = await login(c!, 'cho');
    await ana.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'cho');
    await ana.ok('whisper', { to: 'ben', text: 'psst' });
    expect(await ben.nextOf('msg')).toMatchObject({ scope: 'whisper', from: 'ana', to: 'ben', text: 'psst' });
    expect(await ana.nextOf('msg')).toMatchObject({ scope: 'whisper', text: 'psst' });

    await cho.ok('sleep', { text: 'lunch' });
    expect(await ana.next((f) => f.t === 'status' && f.nick === 'cho')).toMatchObject({
      status: 'away',
      awayText: 'lunch',
    });
    await ben.ok('say', { text: 'while cho is away' });
    await ana.nextOf('msg');
    await cho.ok('wakeup');
    expect(await cho.nextOf('awake')).toMatchObject({ missed: 1, held: 1 });
    expect(await cho.nextOf('msg')).toMatchObject({ text: 'while cho is away', hist: true });

    await ana.ok('with', { to: 'ben' });
    expect(await ben.nextOf('with.request')).toMatchObject({ from: 'ana' });
    await ben.ok('with.answer', { from: 'ana', accept: true });
    expect(await ana.nextOf('with.started')).toMatchObject({ peer: 'ben' });
    expect(await ben.nextOf('with.started')).toMatchObject({ peer: 'ana' });
    await ana.ok('say', { text: 'just us' });
    expect(await ben.next((f) => f.t === 'msg' && f.text === 'just us')).toMatchObject({ scope: 'dm', to: 'ben' });
    const busy = await cho.request('with', { to: 'ana' });
    expect(busy).toMatchObject({ t: 'error', code: 'user_busy' });
    await ben.ok('end');
    expect(await ana.nextOf('with.ended')).toMatchObject({ peer: 'ben', reason: 'ended' });
  });

  it('expires an unanswered 1:1 request once, in the room order, on every instance', async () => {
    const [a, , c] = await three({ consentTimeoutMs: 300 });
    const ana = await login(a!, 'ana');
    const cho = await login(c!, 'cho');
    await ana.next((f) => f.t === 'joined');
    await ana.ok('with', { to: 'cho' });
    await cho.nextOf('with.request');
    expect(await ana.nextOf('with.ended')).toMatchObject({ peer: 'cho', reason: 'expired' });
    expect(await cho.nextOf('with.ended')).toMatchObject({ peer: 'ana', reason: 'expired' });
    expect(await cho.request('with.answer', { from: 'ana', accept: true })).toMatchObject({
      code: 'no_pending_request',
    });
    await ana.ok('with', { to: 'cho' });
    await cho.nextOf('with.request');
    await cho.ok('with.answer', { from: 'ana', accept: true });
    expect(await ana.nextOf('with.started')).toMatchObject({ peer: 'cho' });
  });

  it('renames cluster-wide and frees the old name', async () => {
    const [a, b] = await three();
    const ana = await login(a!, 'ana');
    const ben = await login(b!, 'ben');
    await ana.next((f) => f.t === 'joined');
    await ana.ok('nick', { nick: 'anna' });
    expect(await ben.nextOf('renamed')).toMatchObject({ from: 'ana', to: 'anna' });
    expect(await ben.request('nick', { nick: 'Anna' })).toMatchObject({ t: 'error', code: 'nick_taken' });
    await ben.ok('nick', { nick: 'ana' });
  });

  it('takes plain-text clients too: their nickname is claimed cluster-wide and they chat across instances', async () => {
    const [a, b] = await three();
    const ben = await login(b!, 'ben');
    const text = await TextTestClient.login(a!.port, 'tom');
    try {
      await ben.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'tom');
      text.line('hello from nc');
      expect(await ben.nextOf('msg')).toMatchObject({ from: 'tom', text: 'hello from nc' });
      await ben.ok('say', { text: 'hi tom' });
      await text.next(/\[ben\] hi tom/u);
      const other = await FramedTestClient.connect(b!.port);
      clients.push(other);
      expect(await other.request('login', { nick: 'TOM' })).toMatchObject({ code: 'nick_taken' });
    } finally {
      text.close();
    }
  });

  it('costs one Redis round trip per chat message (figures printed)', async () => {
    const [a, b] = await three();
    const ana = await login(a!, 'ana');
    await login(b!, 'ben');
    await ana.next((f) => f.t === 'joined');
    const probe = new Redis(redis.url);
    const calls = async (): Promise<Map<string, number>> => {
      const stats = new Map<string, number>();
      for (const [, name, count] of (await probe.info('commandstats')).matchAll(/cmdstat_(\w+):calls=(\d+)/g))
        stats.set(name!, Number(count));
      return stats;
    };
    try {
      const count = 200;
      const before = await calls();
      const trips = a!.cluster.rooms!.tripCount;
      for (let i = 0; i < count; i++) await ana.ok('say', { text: `m${i}`, cid: `c${i}` });
      expect(a!.cluster.rooms!.tripCount - trips).toBe(count);
      const after = await calls();
      const per = [...after]
        .map(([name, n]) => [name, (n - (before.get(name) ?? 0)) / count] as const)
        .filter(([name, n]) => n > 0.05 && name !== 'info');
      console.log(
        `Redis per chat message (3 instances, with cid): 1 round trip (EVALSHA); commands run: ${per
          .map(([name, n]) => `${name} ${n.toFixed(2)}`)
          .join(', ')} (presence beats included)`,
      );
    } finally {
      probe.disconnect();
    }
  });

  it('lets a client that hangs up while its login is under way leave again everywhere', async () => {
    const [a, b] = await three();
    for (let i = 0; i < 5; i++) {
      const quitter = await FramedTestClient.connect(a!.port);
      quitter.send({ t: 'login', id: 1, nick: `q${i}` });
      await new Promise((resolve) => setTimeout(resolve, i)); // hang up at various points of the login
      quitter.close();
    }
    const ben = await login(b!, 'ben');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listed = (await ben.ok('list')).users as { nick: string }[];
    expect(listed.map((user) => user.nick)).toEqual(['ben']);
    expect(a!.server.room.size).toBe(1);
  });

  it('lets the members of an instance that stops leave everywhere', async () => {
    const [a, b] = await three();
    const ana = await login(a!, 'ana');
    await login(b!, 'ben');
    await ana.next((f) => f.t === 'joined');
    await b!.close();
    expect(await ana.nextOf('left')).toMatchObject({ nick: 'ben', reason: 'server_shutdown' });
    await login(a!, 'ben'); // the name is free again
  });
});
