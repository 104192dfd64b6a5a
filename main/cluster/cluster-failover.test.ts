/**
 * Instances die: `sarangbang serve --cluster` killed with SIGKILL mid-conversation. Its members leave everywhere
 * (`server_failed`), and a member that reconnects to another instance resumes from history with every message once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliProcess } from '../cli/cli-process.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClientSession } from '../client/session.js';
import { gatedWriter, joinUser, makeFile, type TestRoom, type TestUser } from '../transfer/test-support.js';
import { FramedTestClient } from '../gateway/test-support.js';
import { encodeFrame } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import type { FrameObject } from '../protocol/codec.js';
import { haveRedis, startInstance, TestRedis, type TestInstance } from './test-support.js';

describe.skipIf(!haveRedis)('an instance killed with SIGKILL', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  const instances: TestInstance[] = [];
  const clis: CliProcess[] = [];
  const clients: FramedTestClient[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    for (const cli of clis) cli.child.kill('SIGKILL');
    await Promise.all(instances.map((each) => each.close()));
    await redis?.dispose();
  });

  /** Logs in, retrying while the name is still held by the dead instance (until its presence expires). */
  async function loginWhenFree(port: number, nick: string, fields: Record<string, unknown>) {
    for (let attempt = 0; attempt < 60; attempt++) {
      const client = await FramedTestClient.connect(port);
      const reply = await client.request('login', { nick, ...fields });
      if (reply.t === 'ok') {
        clients.push(client);
        return { client, reply };
      }
      expect(reply).toMatchObject({ code: 'nick_taken' });
      client.close();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${nick} never became free`);
  }

  it('loses no message and duplicates none: the member resumes on another instance', async () => {
    const doomed = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--no-announce', '--cluster', redis.url]);
    clis.push(doomed);
    const port = Number((await doomed.waitFor(/open on port (\d+)/, 30_000))[1]);
    instances.push(await startInstance(redis.url), await startInstance(redis.url));
    const [b, c] = instances as [TestInstance, TestInstance];

    const ana = await FramedTestClient.connect(port);
    clients.push(ana);
    const seen: FrameObject[] = [];
    const record = (frame: FrameObject): void => {
      if (frame.t === 'msg') seen.push(frame);
    };
    await ana.ok('login', { nick: 'ana' });
    const ben = await FramedTestClient.login(b.port, 'ben');
    const cho = await FramedTestClient.login(c.port, 'cho');
    clients.push(ben, cho);
    await ana.next((f) => f.t === 'joined' && (f.user as { nick: string }).nick === 'cho');

    // A conversation: ben and cho talk; ana reads and says something whose ok may never come.
    for (let i = 1; i <= 10; i++) await (i % 2 ? ben : cho).ok('say', { text: `before ${i}` });
    for (let i = 0; i < 10; i++) record(await ana.nextOf('msg'));
    ana.send({ t: 'say', id: 99, text: 'last words', cid: 'ana-1' });
    const talking = (async () => {
      for (let i = 1; i <= 20; i++) await (i % 2 ? ben : cho).ok('say', { text: `during ${i}`, cid: `bc-${i}` });
    })();
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    for (const frame of ana.unread()) record(frame);
    ana.close();
    await talking;

    expect(await ben.next((f) => f.t === 'left' && f.nick === 'ana')).toMatchObject({ reason: 'server_failed' });
    const after = Math.max(0, ...seen.map((frame) => frame.mid as number));
    const { client: again, reply } = await loginWhenFree(b.port, 'ana', {
      history: { run: c.cluster.run, after },
    });
    expect(reply.result).toMatchObject({ replay: { truncated: false } });
    const replayed = (reply.result as { replay: { count: number } }).replay.count;
    for (let i = 0; i < replayed; i++) record(await again.nextOf('msg'));
    // The message whose ok never came is resent with its cid: posted once in all.
    const resent = await again.ok('say', { text: 'last words', cid: 'ana-1' });
    const { mid: lastMid } = await cho.ok('say', { text: 'after' });
    while (!seen.some((frame) => frame.mid === lastMid)) record(await again.nextOf('msg'));

    const mids = seen.map((frame) => frame.mid as number).filter((mid) => mid !== resent.mid);
    const unique = new Set(mids);
    expect(unique.size).toBe(mids.length); // nothing twice
    for (let mid = 1; mid <= (lastMid as number); mid++) {
      if (mid === resent.mid) continue;
      expect(unique.has(mid), `mid ${mid}`).toBe(true); // nothing lost
    }
    const heard = cho.unread().filter((frame) => frame.t === 'msg' && frame.text === 'last words');
    expect(heard.length).toBeLessThanOrEqual(1);
    const history = b.server.room.history.since(0, () => true).filter((rec) => rec.text === 'last words');
    expect(history).toHaveLength(1);
  });

  it('the client library reconnects to another instance named in welcome.cluster and misses nothing', async () => {
    const doomed = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--no-announce', '--cluster', redis.url]);
    clis.push(doomed);
    const port = Number((await doomed.waitFor(/open on port (\d+)/, 30_000))[1]);
    const [b] = instances as [TestInstance];
    // Until the doomed instance has heard of the others (one presence beat), its welcome lists only itself.
    for (;;) {
      const probe = await FramedTestClient.connect(port, false);
      probe.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1 })]));
      const welcome = await probe.nextOf('welcome');
      probe.close();
      if (((welcome.cluster as { instances: string[] } | undefined)?.instances.length ?? 0) >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const dan = new ClientSession({
      host: '127.0.0.1',
      port,
      nick: 'dan',
      reconnect: { initialDelayMs: 100, maxDelayMs: 500, factor: 2, jitter: 0 },
    });
    const mids: number[] = [];
    dan.on('msg', (message) => mids.push(message.mid));
    await dan.connect();
    const eve = await FramedTestClient.login(b.port, 'eve');
    clients.push(eve);
    try {
      for (let i = 0; i < 5; i++) await eve.ok('say', { text: `before ${i}` });
      while (mids.length < 5) await new Promise((resolve) => setTimeout(resolve, 20));
      const back = new Promise((resolve) => dan.on('connected', (event) => event.reconnected && resolve(event)));
      doomed.child.kill('SIGKILL');
      let last = 0;
      for (let i = 0; i < 10; i++) last = (await eve.ok('say', { text: `during ${i}` })).mid as number;
      await back;
      const { mid: after } = await eve.ok('say', { text: 'after' });
      while (!mids.includes(after as number)) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(new Set(mids).size).toBe(mids.length);
      expect(mids.filter((mid) => mid >= mids[0]! && mid <= last).length).toBe(last - mids[0]! + 1);
    } finally {
      dan.close();
    }
  });

  it('a transfer on an instance killed mid-way ends on both sides; both resume on another instance', async () => {
    const doomed = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--no-announce', '--cluster', redis.url]);
    clis.push(doomed);
    const port = Number((await doomed.waitFor(/open on port (\d+)/, 30_000))[1]);
    const [b] = instances as [TestInstance];
    const on = (at: number): TestRoom => ({ port: at }) as TestRoom;
    const users: TestUser[] = [];
    try {
      const gate = gatedWriter(256 * 1024);
      const atom = await joinUser(on(port), 'atom');
      const bora = await joinUser(on(port), 'bora', { openWriteStream: gate.open });
      users.push(atom, bora);
      const file = await makeFile(atom, 'big.bin', 4 * 1024 * 1024);
      await atom.files.send('bora', [file.path]);
      await bora.files.accept((await bora.next('offer')).offer);
      await gate.holding;
      doomed.child.kill('SIGKILL');
      gate.release();
      expect(await bora.next('ended')).toMatchObject({ ok: false, keptForResume: true });
      expect(await atom.next('ended')).toMatchObject({ ok: false });

      // Both come back on another instance once the dead one's members are swept, and send again.
      const deadline = Date.now() + 15_000;
      while (b.server.room.find('atom') || b.server.room.find('bora')) {
        if (Date.now() > deadline) throw new Error('the dead instance was never swept');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const atom2 = await joinUser(on(b.port), 'atom');
      const bora2 = await joinUser(on(b.port), 'bora', { downloadDir: bora.dir });
      users.push(atom2, bora2);
      await atom2.files.send('bora', [file.path]);
      await bora2.files.accept((await bora2.next('offer')).offer);
      expect(await bora2.next('ended')).toMatchObject({ ok: true, bytes: file.bytes.length });
      expect((await readFile(path.join(bora.dir, 'big.bin'))).equals(file.bytes)).toBe(true);
    } finally {
      for (const user of users) await user.leave();
    }
  });
});
