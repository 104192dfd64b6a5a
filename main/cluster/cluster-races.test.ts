/**
 * Races between instances: logins with clashing nicknames land on three instances at once (fast-check), and Redis
 * restarts under a running cluster (it pauses, says so, recovers and says so, and the members are still there).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramedTestClient } from '../gateway/test-support.js';
import { nickKey, nickShape } from '../protocol/nickname.js';
import { haveRedis, startInstance, TestRedis, type TestInstance } from './test-support.js';

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!haveRedis)('races across instances', { timeout: 90_000 }, () => {
  let redis: TestRedis;
  let instances: TestInstance[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
    instances = await Promise.all([0, 1, 2].map(() => startInstance(redis.url)));
  });
  afterAll(async () => {
    await Promise.all(instances.map((each) => each.close()));
    await redis?.dispose();
  });

  it('gives each nickname (and each look-alike) to exactly one of the logins racing for it', async () => {
    // Few letters, so that names clash: by case, and by look-alike (rn / m, l / I).
    const nick = fc
      .array(fc.constantFrom('m', 'rn', 'l', 'I', 'a', 'A'), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(nick, { minLength: 2, maxLength: 8 }), async (nicks) => {
        const clients = await Promise.all(
          nicks.map((_, i) => FramedTestClient.connect(instances[i % instances.length]!.port)),
        );
        try {
          const replies = await Promise.all(clients.map((client, i) => client.request('login', { nick: nicks[i] })));
          const won = nicks.filter((_, i) => replies[i]!.t === 'ok');
          for (const [i, reply] of replies.entries()) {
            if (reply.t === 'ok') continue;
            expect(reply).toMatchObject({ code: 'nick_taken' });
            const clash = won.some(
              (name) => nickKey(name) === nickKey(nicks[i]!) || nickShape(name) === nickShape(nicks[i]!),
            );
            expect(clash).toBe(true);
          }
          expect(new Set(won.map(nickKey)).size).toBe(won.length);
          expect(new Set(won.map(nickShape)).size).toBe(won.length);
          // Every instance lists the same members.
          await until(() => instances.every((each) => each.server.room.size === won.length), 'the lists to agree');
          for (const each of instances) {
            expect(
              each.server.room
                .members()
                .map((member) => member.nick)
                .sort(),
            ).toEqual([...won].sort());
          }
        } finally {
          for (const client of clients) client.close();
          await until(() => instances.every((each) => each.server.room.size === 0), 'everyone to leave');
        }
      }),
      { numRuns: 8 },
    );
  });

  it('pauses while Redis is down, says so, and recovers with every member and the message count', async () => {
    const [a, b] = instances as [TestInstance, TestInstance];
    const ana = await FramedTestClient.login(a.port, 'ana');
    const ben = await FramedTestClient.login(b.port, 'ben');
    try {
      await ana.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'ben');
      const { mid: before } = await ana.ok('say', { text: 'before' });
      await ben.nextOf('msg');
      await redis.stop();
      await until(() => a.logs.some((line) => /Redis unreachable.*paused/.test(line)), 'the paused line');
      const refused = await ana.request('say', { text: 'while down' });
      expect(refused).toMatchObject({ t: 'error', code: 'cluster_paused' });
      await redis.restart(); // empty: everything the cluster keeps must come back from the instances
      await until(
        () => instances.every((each) => each.logs.some((line) => /Redis reachable again.*recovered/.test(line))),
        'the recovered lines',
      );
      await until(() => instances.every((each) => each.server.room.size === 2), 'the members on every instance');
      const { mid: after } = await ben.ok('say', { text: 'after' });
      expect(after).toBe((before as number) + 1); // ids go on from where they were, under the same run
      expect(await ana.next((f) => f.t === 'msg' && f.text === 'after')).toMatchObject({ from: 'ben' });
      expect(ana.unread().filter((f) => f.t === 'left' || f.t === 'joined')).toEqual([]); // nobody seemed to leave
      const late = await FramedTestClient.connect(b.port);
      expect(await late.request('login', { nick: 'ANA' })).toMatchObject({ code: 'nick_taken' });
      late.close();
    } finally {
      ana.close();
      ben.close();
    }
  });
});
